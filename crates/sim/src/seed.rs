//! The catalog a lab starts with: enough products across enough categories
//! that the list paginates, some nearly sold out, one sold out.

/// One seed product.
#[derive(Clone, Copy, Debug)]
pub struct SeedProduct {
    pub sku: &'static str,
    pub name: &'static str,
    pub category: &'static str,
    pub price: &'static str,
    pub stock: i64,
}

const fn p(
    sku: &'static str,
    name: &'static str,
    category: &'static str,
    price: &'static str,
    stock: i64,
) -> SeedProduct {
    SeedProduct {
        sku,
        name,
        category,
        price,
        stock,
    }
}

/// Seed products, inserted in this order (ids 1, 2, ...).
pub const PRODUCTS: &[SeedProduct] = &[
    p(
        "BK-0001",
        "Designing Data-Intensive Applications",
        "books",
        "45.99",
        12,
    ),
    p("BK-0002", "Building Microservices", "books", "39.50", 8),
    p("BK-0003", "Release It!", "books", "34.95", 5),
    p("BK-0004", "The Art of PostgreSQL", "books", "29.00", 3),
    p(
        "BK-0005",
        "Kafka: The Definitive Guide",
        "books",
        "42.00",
        0,
    ),
    p("BK-0006", "Two Scoops of Django", "books", "37.25", 14),
    p("EL-0001", "USB-C Hub, 7 ports", "electronics", "24.99", 40),
    p("EL-0002", "Mechanical Keyboard", "electronics", "89.00", 9),
    p("EL-0003", "27-inch Monitor", "electronics", "229.00", 4),
    p(
        "EL-0004",
        "Noise-Cancelling Headphones",
        "electronics",
        "179.95",
        6,
    ),
    p("EL-0005", "Raspberry Pi 5, 8 GB", "electronics", "84.00", 2),
    p("EL-0006", "Wireless Mouse", "electronics", "19.90", 55),
    p("KT-0001", "Pour-Over Coffee Set", "kitchen", "32.00", 18),
    p("KT-0002", "Cast Iron Skillet", "kitchen", "27.50", 11),
    p("KT-0003", "Chef's Knife, 20 cm", "kitchen", "64.90", 7),
    p(
        "KT-0004",
        "Espresso Cups (set of 4)",
        "kitchen",
        "15.00",
        30,
    ),
    p("KT-0005", "Bamboo Cutting Board", "kitchen", "12.75", 22),
    p(
        "GD-0001",
        "Tomato Seeds, Heirloom Mix",
        "garden",
        "3.20",
        120,
    ),
    p("GD-0002", "Watering Can, 5 l", "garden", "18.40", 16),
    p("GD-0003", "Pruning Shears", "garden", "22.00", 9),
    p("GD-0004", "Compost Bin", "garden", "49.00", 1),
    p("GD-0005", "Garden Kneeler", "garden", "26.60", 13),
    p("TY-0001", "Wooden Train Set", "toys", "54.00", 10),
    p("TY-0002", "Puzzle, 1000 pieces", "toys", "17.99", 25),
    p(
        "TY-0003",
        "Building Bricks, Starter Box",
        "toys",
        "29.99",
        19,
    ),
    p("TY-0004", "Kite", "toys", "14.50", 8),
    p("ST-0001", "Dot-Grid Notebook A5", "stationery", "9.80", 75),
    p("ST-0002", "Fountain Pen", "stationery", "28.00", 12),
    p(
        "ST-0003",
        "Sticky Notes (12 pads)",
        "stationery",
        "6.40",
        60,
    ),
    p("ST-0004", "Desk Organiser", "stationery", "21.30", 5),
    p("SP-0001", "Yoga Mat", "sports", "31.00", 17),
    p("SP-0002", "Running Socks (3 pairs)", "sports", "12.00", 44),
    p("SP-0003", "Water Bottle, 750 ml", "sports", "16.90", 38),
    p("SP-0004", "Resistance Bands", "sports", "19.00", 21),
    p("SP-0005", "Bike Lights", "sports", "24.00", 3),
    p("SP-0006", "Climbing Chalk Bag", "sports", "13.50", 0),
];
