package io.gochannel.spring.boot.example;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An order as JPA code writes it, in the outbox's transaction. */
@Entity
@Table(name = "placed_orders")
public class PlacedOrder {
    @Id
    private String id;

    protected PlacedOrder() {}

    public PlacedOrder(String id) {
        this.id = id;
    }

    public String getId() {
        return id;
    }
}
