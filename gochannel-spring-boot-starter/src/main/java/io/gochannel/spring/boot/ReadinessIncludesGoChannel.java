package io.gochannel.spring.boot;

import java.util.List;
import java.util.Set;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.actuate.health.AdditionalHealthEndpointPath;
import org.springframework.boot.actuate.health.HealthEndpointGroup;
import org.springframework.boot.actuate.health.HealthEndpointGroups;
import org.springframework.boot.actuate.health.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.actuate.health.HttpCodeStatusMapper;
import org.springframework.boot.actuate.health.StatusAggregator;

/**
 * Puts the {@code gochannel} health contributor into the {@code readiness} group (Kubernetes' readiness probe,
 * {@code /actuator/health/readiness}), never into {@code liveness}: a broker away makes the instance unready, and a
 * restart would not bring it back. Leaves the group as it is when the application lists its members itself
 * ({@code management.endpoint.health.group.readiness.include}). Runs after Boot's probe groups are made (this
 * auto-configuration comes after theirs, same order).
 */
final class ReadinessIncludesGoChannel implements HealthEndpointGroupsPostProcessor {
    static final String CONTRIBUTOR = "gochannel";
    private static final String READINESS = "readiness";

    @Override
    public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
        return new WithGoChannelGroups(groups);
    }

    /**
     * The groups, readiness with gochannel; the paths of the probes ({@code /livez}, {@code /readyz}) as the wrapped
     * groups map them (Boot looks them up on this bean).
     */
    private static final class WithGoChannelGroups implements HealthEndpointGroups, AdditionalPathsMapper {
        private final HealthEndpointGroups groups;

        WithGoChannelGroups(HealthEndpointGroups groups) {
            this.groups = groups;
        }

        @Override
        public List<String> getAdditionalPaths(EndpointId endpointId, WebServerNamespace webServerNamespace) {
            return groups instanceof AdditionalPathsMapper mapper
                    ? mapper.getAdditionalPaths(endpointId, webServerNamespace)
                    : null;
        }

        @Override
        public HealthEndpointGroup getPrimary() {
            return groups.getPrimary();
        }

        @Override
        public Set<String> getNames() {
            return groups.getNames();
        }

        @Override
        public HealthEndpointGroup get(String name) {
            HealthEndpointGroup group = groups.get(name);
            return READINESS.equals(name) && group != null ? new WithGoChannel(group) : group;
        }
    }

    private record WithGoChannel(HealthEndpointGroup group) implements HealthEndpointGroup {
        @Override
        public boolean isMember(String name) {
            return CONTRIBUTOR.equals(name) || name.startsWith(CONTRIBUTOR + "/") || group.isMember(name);
        }

        @Override
        public boolean showComponents(SecurityContext securityContext) {
            return group.showComponents(securityContext);
        }

        @Override
        public boolean showDetails(SecurityContext securityContext) {
            return group.showDetails(securityContext);
        }

        @Override
        public StatusAggregator getStatusAggregator() {
            return group.getStatusAggregator();
        }

        @Override
        public HttpCodeStatusMapper getHttpCodeStatusMapper() {
            return group.getHttpCodeStatusMapper();
        }

        @Override
        public AdditionalHealthEndpointPath getAdditionalPath() {
            return group.getAdditionalPath();
        }
    }
}
