//! A repeatable stream of requests, for load that looks like a class.
//!
//! A [`Workload`] draws requests from a seeded generator in fixed
//! proportions and learns from the responses which products and orders
//! exist, so later requests name real ids. The same seed always gives the
//! same stream, which is what lets a native run and a browser run, or two
//! runs on different days, be compared request for request. The benchmarks
//! use it today; the load-balancer and broker labs can drive their services
//! with it later.
//!
//! Simplifications: one client, one request at a time, no think time; the
//! generator is xorshift64*, plenty for choosing requests and nothing more.

use serde_json::json;

use crate::http::{Method, Request, Response};
use crate::seed;

/// Which requests a workload sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mix {
    /// What a class does: catalog reads (30%), creates (8%), restocks (5%)
    /// and deletes (2%); orders placed (35%), read (16%) and cancelled (4%).
    /// Products and orders accumulate.
    Mixed,
    /// Catalog pages and products, and the order list. Nothing is written,
    /// so any growth while it runs belongs to the simulator, not the data.
    Read,
}

impl Mix {
    /// The mix's name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Mix::Mixed => "mixed",
            Mix::Read => "read",
        }
    }
}

/// The seed the benchmarks share, so native and browser runs send the same
/// requests.
pub const BENCH_SEED: u64 = 0x5EED_1AB5;

/// A seeded stream of requests and what it has learnt from the responses.
#[derive(Clone, Debug)]
pub struct Workload {
    mix: Mix,
    rng: u64,
    last_product: i64,
    last_order: i64,
    skus: u64,
    statuses: [u64; 6],
}

impl Workload {
    /// A stream for `mix`, starting from the seeded catalog. A seed of 0 is
    /// replaced, since xorshift would stay at 0 forever.
    pub fn new(mix: Mix, seed: u64) -> Self {
        Workload {
            mix,
            rng: if seed == 0 { BENCH_SEED } else { seed },
            last_product: seed::PRODUCTS.len() as i64,
            last_order: 0,
            skus: 0,
            statuses: [0; 6],
        }
    }

    /// The mix it draws from.
    pub fn mix(&self) -> Mix {
        self.mix
    }

    /// How many responses fell in each status class: index 2 for 2xx, and
    /// so on up to 5 for 5xx.
    pub fn statuses(&self) -> [u64; 6] {
        self.statuses
    }

    /// The next request, with the name of the service it goes to.
    pub fn next_request(&mut self) -> (&'static str, Request) {
        let roll = self.below(100);
        if self.mix == Mix::Read {
            return match roll {
                0..=94 => self.catalog_read(),
                _ => ("orders", Request::new(Method::Get, "/orders")),
            };
        }
        match roll {
            0..=29 => self.catalog_read(),
            30..=37 => self.product_create(),
            38..=42 => {
                let target = format!("/api/products/{}/", self.product_id());
                (
                    "catalog",
                    Request::json(Method::Patch, &target, &json!({"stock": 500})),
                )
            }
            43..=44 => {
                let target = format!("/api/products/{}/", self.product_id());
                ("catalog", Request::new(Method::Delete, &target))
            }
            45..=79 => {
                let product_id = self.product_id();
                let quantity = 1 + self.below(3) as i64;
                let body = json!({"product_id": product_id, "quantity": quantity});
                ("orders", Request::json(Method::Post, "/orders", &body))
            }
            80..=95 => {
                let target = format!("/orders/{}", 1 + self.below(self.last_order as u64));
                ("orders", Request::new(Method::Get, &target))
            }
            _ => {
                let id = 1 + self.below(self.last_order as u64);
                (
                    "orders",
                    Request::new(Method::Post, &format!("/orders/{id}/cancel")),
                )
            }
        }
    }

    /// Notes a response: its status class, and any new product or order id.
    /// Only a 201's body is parsed, so the stream costs little beside the lab.
    pub fn observe(&mut self, service: &str, response: &Response) {
        self.statuses[usize::from(response.status / 100).min(5)] += 1;
        if response.status != 201 {
            return;
        }
        let id = response.json().and_then(|b| b["id"].as_i64()).unwrap_or(0);
        match service {
            "catalog" => self.last_product = self.last_product.max(id),
            _ => self.last_order = self.last_order.max(id),
        }
    }

    /// xorshift64*: a number below `n`.
    fn below(&mut self, n: u64) -> u64 {
        self.rng ^= self.rng >> 12;
        self.rng ^= self.rng << 25;
        self.rng ^= self.rng >> 27;
        self.rng.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1)
    }

    fn product_id(&mut self) -> i64 {
        1 + self.below(self.last_product as u64) as i64
    }

    /// A catalog read: the first, second or last page, or one product.
    fn catalog_read(&mut self) -> (&'static str, Request) {
        let target = match self.below(100) {
            0..=39 => "/api/products/".to_owned(),
            40..=54 => "/api/products/?page=2".to_owned(),
            55..=59 => "/api/products/?page=last".to_owned(),
            _ => format!("/api/products/{}/", self.product_id()),
        };
        ("catalog", Request::new(Method::Get, &target))
    }

    fn product_create(&mut self) -> (&'static str, Request) {
        self.skus += 1;
        let body = json!({
            "sku": format!("MEM-{:06}", self.skus),
            "name": "Memory probe",
            "category": "lab",
            "price": "1.25",
            "stock": 10,
        });
        (
            "catalog",
            Request::json(Method::Post, "/api/products/", &body),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_stream_and_another_seed_does_not() {
        let take = |seed| {
            let mut workload = Workload::new(Mix::Mixed, seed);
            (0..50)
                .map(|_| workload.next_request().1.target())
                .collect::<Vec<_>>()
        };
        assert_eq!(take(7), take(7));
        assert_ne!(take(7), take(8));
    }

    #[test]
    fn the_read_mix_never_writes() {
        let mut workload = Workload::new(Mix::Read, BENCH_SEED);
        for _ in 0..500 {
            let (_, request) = workload.next_request();
            assert!(matches!(request.method, Method::Get), "{request:?}");
        }
    }
}
