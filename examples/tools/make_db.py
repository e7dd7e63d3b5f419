"""Write the small SQLite database the Datasette examples browse: a plant nursery's
shop (plants, customers, orders), plausible and fixed, so every run sees the same data.

    python examples/tools/make_db.py examples/.data/nursery.db
"""

from __future__ import annotations

import random
import sqlite3
import sys
from pathlib import Path

PLANTS = [
    ("Monstera deliciosa", "Houseplant", "Bright indirect", 24.50),
    ("Snake plant", "Houseplant", "Low", 15.00),
    ("Fiddle leaf fig", "Houseplant", "Bright indirect", 39.90),
    ("Peace lily", "Houseplant", "Low", 18.75),
    ("Pothos", "Houseplant", "Low", 9.99),
    ("Lavender", "Herb", "Full sun", 6.50),
    ("Rosemary", "Herb", "Full sun", 5.75),
    ("Basil", "Herb", "Full sun", 3.25),
    ("Mint", "Herb", "Partial shade", 3.25),
    ("Thyme", "Herb", "Full sun", 4.10),
    ("Japanese maple", "Tree", "Partial shade", 89.00),
    ("Olive tree", "Tree", "Full sun", 120.00),
    ("Lemon tree", "Tree", "Full sun", 64.00),
    ("Hydrangea", "Shrub", "Partial shade", 27.00),
    ("Boxwood", "Shrub", "Partial shade", 19.50),
    ("Rhododendron", "Shrub", "Partial shade", 32.00),
    ("Echeveria", "Succulent", "Full sun", 7.80),
    ("Aloe vera", "Succulent", "Bright indirect", 11.20),
    ("Jade plant", "Succulent", "Bright indirect", 13.40),
    ("Christmas cactus", "Succulent", "Bright indirect", 14.90),
]

CUSTOMERS = [
    ("Amelia Hart", "Bristol"),
    ("Ben Okafor", "Leeds"),
    ("Chloé Martin", "Bristol"),
    ("Daniel Weiss", "Manchester"),
    ("Elif Yılmaz", "Leeds"),
    ("Finn O'Brien", "Glasgow"),
    ("Grace Liu", "Manchester"),
    ("Hannah Schmidt", "Bristol"),
    ("Isaac Mensah", "Glasgow"),
    ("Julia Rossi", "Leeds"),
    ("Kofi Boateng", "Manchester"),
    ("Lena Novak", "Bristol"),
]

STATUSES = ["delivered", "delivered", "delivered", "shipped", "processing", "cancelled"]


def build(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    rng = random.Random(20261201)
    db = sqlite3.connect(path)
    db.executescript(
        """
        CREATE TABLE plants (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL,
            light TEXT NOT NULL, price REAL NOT NULL, in_stock INTEGER NOT NULL);
        CREATE TABLE customers (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT NOT NULL,
            joined TEXT NOT NULL);
        CREATE TABLE orders (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            plant_id INTEGER NOT NULL REFERENCES plants(id),
            quantity INTEGER NOT NULL, ordered_on TEXT NOT NULL, status TEXT NOT NULL);
        """
    )
    db.executemany(
        "INSERT INTO plants (name, category, light, price, in_stock) VALUES (?, ?, ?, ?, ?)",
        [(n, c, lt, p, rng.randint(0, 40)) for n, c, lt, p in PLANTS],
    )
    db.executemany(
        "INSERT INTO customers (name, city, joined) VALUES (?, ?, ?)",
        [(n, c, f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}") for n, c in CUSTOMERS],
    )
    db.executemany(
        "INSERT INTO orders (customer_id, plant_id, quantity, ordered_on, status)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            (
                rng.randint(1, len(CUSTOMERS)),
                rng.randint(1, len(PLANTS)),
                rng.randint(1, 4),
                f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
                rng.choice(STATUSES),
            )
            for _ in range(60)
        ],
    )
    db.commit()
    db.close()


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "examples/.data/nursery.db"))
