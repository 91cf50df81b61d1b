//! The raw baseline: the statements one request ran, replayed on sql.js from
//! JavaScript, as a hand-written JavaScript service would run them.
//!
//! A [`Script`] is made from the `statements` an [`Exchange`] recorded, so
//! the baseline runs exactly the SQL the simulator ran: the same text, the
//! same parameters, the same `BEGIN` and `COMMIT`. [`RawDatabase`] runs it in
//! plain JavaScript on its own sql.js database: each distinct SQL text is
//! prepared once and kept, parameters are bound as JavaScript values (plain
//! numbers, as such a service would pass them), every returned row is
//! stepped through with `get()` and every cell read. No record is built and
//! nothing crosses into Rust while a batch runs: the timed loop is
//! JavaScript from end to end.
//!
//! As in the native bench, two parameters cannot be repeated on every run: a
//! create needs a fresh unique sku (the run's input), and reading a placed
//! order back uses the id that run's `RETURNING` gave, not the recorded one.
//!
//! [`Exchange`]: servicelab_sim::Exchange

use js_sys::{Array, Object, Reflect, Uint8Array};
use servicelab_sim::record::StatementRecord;
use servicelab_sim::{Boot, StatementOutcome, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(inline_js = r#"
export class RawDatabase {
    constructor(sql) {
        this.db = new sql.Database();
        this.db.run("PRAGMA foreign_keys = ON");
        this.prepared = new Map();
    }

    statement(sql) {
        let statement = this.prepared.get(sql);
        if (!statement) {
            statement = this.db.prepare(sql);
            this.prepared.set(sql, statement);
        }
        return statement;
    }

    // Runs a script once; returns the rows each step returned or changed.
    run(steps, input) {
        const counts = [];
        this.once(steps, input, counts);
        return counts;
    }

    // Runs the script once per input; returns the milliseconds it took.
    time(steps, inputs) {
        const started = performance.now();
        for (const input of inputs) this.once(steps, input, null);
        return performance.now() - started;
    }

    once(steps, input, counts) {
        let returned = null;
        let cells = 0;
        for (const step of steps) {
            const statement = this.statement(step.sql);
            const params = step.params.map((param) => {
                if (param.from === "input") return input;
                return param.from === "returned" ? returned : param.value;
            });
            if (params.length > 0) statement.bind(params);
            let rows = 0;
            if (step.kind === "query") {
                while (statement.step()) {
                    const row = statement.get();
                    for (const cell of row) if (cell !== undefined) cells += 1;
                    if (step.returning && rows === 0) returned = row[0];
                    rows += 1;
                }
            } else {
                statement.step();
                if (step.kind === "execute") rows = this.db.getRowsModified();
            }
            statement.reset();
            if (counts) counts.push(rows);
        }
        // Kept, so no engine can decide the cells were never read.
        this.cells = cells;
    }

    scalar(sql) {
        const result = this.db.exec(sql);
        return result.length > 0 ? result[0].values[0][0] : null;
    }

    close() {
        for (const statement of this.prepared.values()) statement.free();
        this.prepared.clear();
        this.db.close();
    }
}
"#)]
extern "C" {
    /// A sql.js database driven from JavaScript, with its statements kept.
    pub type RawDatabase;

    #[wasm_bindgen(constructor, catch)]
    fn new(sql: &JsValue) -> Result<RawDatabase, JsValue>;

    #[wasm_bindgen(method, catch, js_name = run)]
    fn run_steps(this: &RawDatabase, steps: &Array, input: &JsValue) -> Result<Array, JsValue>;

    #[wasm_bindgen(method, catch, js_name = time)]
    fn time_steps(this: &RawDatabase, steps: &Array, inputs: &Array) -> Result<f64, JsValue>;

    /// The first cell of the first row of `sql`, run with `exec`.
    #[wasm_bindgen(method, catch)]
    pub fn scalar(this: &RawDatabase, sql: &str) -> Result<JsValue, JsValue>;

    /// Frees the kept statements and closes the database.
    #[wasm_bindgen(method)]
    pub fn close(this: &RawDatabase);
}

impl RawDatabase {
    /// A database built by replaying every statement the lab's services ran
    /// while starting, so it holds the same schema and rows as the lab's.
    pub fn from_boots(sql: &JsValue, boots: &[Boot]) -> Result<RawDatabase, String> {
        let raw = RawDatabase::new(sql).map_err(describe)?;
        for boot in boots {
            let script = Script::new(&boot.statements, None, None)?;
            script.check(&raw, &JsValue::NULL)?;
        }
        Ok(raw)
    }

    /// Runs `script` once per input and returns the milliseconds it took.
    pub fn time(&self, script: &Script, inputs: &Array) -> Result<f64, String> {
        self.time_steps(&script.steps, inputs).map_err(describe)
    }
}

/// A request's statements, ready to replay.
pub struct Script {
    steps: Array,
    /// Rows the simulator saw each statement return or change.
    rows: Vec<u64>,
    sql: Vec<String>,
}

impl Script {
    /// A script of `records`. A parameter equal to `input` becomes the run's
    /// input; one equal to `returned`, after the `RETURNING` statement that
    /// produced it, becomes that run's returned id.
    pub fn new(
        records: &[StatementRecord],
        input: Option<&Value>,
        returned: Option<i64>,
    ) -> Result<Script, String> {
        let steps = Array::new();
        let mut rows = Vec::new();
        let mut seen_returning = false;
        for record in records {
            let (kind, count) = match &record.outcome {
                StatementOutcome::Returned { rows } => ("query", *rows),
                StatementOutcome::Changed { rows } => ("execute", *rows),
                StatementOutcome::Done => ("control", 0),
                StatementOutcome::Failed { message } => {
                    return Err(format!("a measured request must succeed: {message}"));
                }
            };
            let params = Array::new();
            for value in &record.params {
                let param = match value {
                    v if Some(v) == input => object(&[("from", "input".into())]),
                    Value::Integer(n) if seen_returning && Some(*n) == returned => {
                        object(&[("from", "returned".into())])
                    }
                    v => object(&[("from", "fixed".into()), ("value", to_js(v))]),
                };
                params.push(&param);
            }
            let returning = record.sql.contains("RETURNING");
            seen_returning |= returning;
            steps.push(&object(&[
                ("sql", record.sql.as_str().into()),
                ("kind", kind.into()),
                ("returning", returning.into()),
                ("params", params.into()),
            ]));
            rows.push(count);
        }
        let sql = records.iter().map(|r| r.sql.clone()).collect();
        Ok(Script { steps, rows, sql })
    }

    /// Runs the script once on `raw` and fails unless every statement
    /// returned or changed as many rows as it did in the simulator.
    pub fn check(&self, raw: &RawDatabase, input: &JsValue) -> Result<(), String> {
        let counts = raw.run_steps(&self.steps, input).map_err(describe)?;
        for (index, expected) in self.rows.iter().enumerate() {
            let got = counts.get(index as u32).as_f64().unwrap_or(-1.0);
            if got != *expected as f64 {
                return Err(format!(
                    "the replay of {:?} gave {got} rows, the simulator {expected}",
                    self.sql[index]
                ));
            }
        }
        Ok(())
    }
}

/// A parameter as a hand-written JavaScript service would pass it: integers
/// as plain numbers while they fit, as sql.js's own examples do.
fn to_js(value: &Value) -> JsValue {
    const SAFE: i64 = (1 << 53) - 1;
    match value {
        Value::Null => JsValue::NULL,
        Value::Integer(n) if (-SAFE..=SAFE).contains(n) => JsValue::from_f64(*n as f64),
        Value::Integer(n) => JsValue::from(*n),
        Value::Real(x) => JsValue::from_f64(*x),
        Value::Text(s) => JsValue::from_str(s),
        Value::Blob(bytes) => Uint8Array::from(bytes.as_slice()).into(),
    }
}

fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in fields {
        // Setting a fresh key on a plain object cannot fail.
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}

/// What JavaScript threw, as text.
pub fn describe(thrown: JsValue) -> String {
    thrown
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| thrown.as_string())
        .unwrap_or_else(|| format!("{thrown:?}"))
}
