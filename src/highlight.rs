//! Colouring for JSON bodies, as API clients show them.
//!
//! The input is JSON that `serde_json` has already parsed and re-indented,
//! so the scanner can be simple: it only has to tell keys, strings, numbers
//! and literals apart, never to recover from broken input. Anything it does
//! not recognise is passed through as plain text, so no text is ever lost.

/// What a run of text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token {
    /// An object key, with its quotes.
    Key,
    /// A string value, with its quotes.
    Str,
    /// A number.
    Num,
    /// `true`, `false` or `null`.
    Literal,
    /// Punctuation and whitespace.
    Plain,
}

impl Token {
    /// The CSS class that colours this kind of run.
    pub fn class(self) -> &'static str {
        match self {
            Token::Key => "j-key",
            Token::Str => "j-str",
            Token::Num => "j-num",
            Token::Literal => "j-lit",
            Token::Plain => "j-plain",
        }
    }
}

/// Splits JSON text into coloured runs whose concatenation is `text`.
pub fn json(text: &str) -> Vec<(Token, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut runs: Vec<(Token, String)> = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        let (token, end) = match chars[at] {
            '"' => {
                let end = string_end(&chars, at);
                let after = chars[end..].iter().find(|c| !c.is_whitespace());
                let token = if after == Some(&':') {
                    Token::Key
                } else {
                    Token::Str
                };
                (token, end)
            }
            c if c == '-' || c.is_ascii_digit() => (Token::Num, number_end(&chars, at)),
            c if c.is_ascii_alphabetic() => {
                let end = run_end(&chars, at, |c| c.is_ascii_alphabetic());
                (Token::Literal, end)
            }
            _ => (Token::Plain, at + 1),
        };
        push(&mut runs, token, chars[at..end].iter().collect());
        at = end;
    }
    runs
}

/// The index just past the string that opens at `start`.
fn string_end(chars: &[char], start: usize) -> usize {
    let mut at = start + 1;
    while at < chars.len() {
        match chars[at] {
            '\\' => at += 2,
            '"' => return at + 1,
            _ => at += 1,
        }
    }
    chars.len()
}

fn number_end(chars: &[char], start: usize) -> usize {
    run_end(chars, start + 1, |c| {
        c.is_ascii_digit() || "+-.eE".contains(c)
    })
}

fn run_end(chars: &[char], start: usize, keep: impl Fn(char) -> bool) -> usize {
    let mut at = start;
    while at < chars.len() && keep(chars[at]) {
        at += 1;
    }
    at
}

/// Appends a run, merging it into the previous one when of the same kind.
fn push(runs: &mut Vec<(Token, String)>, token: Token, text: String) {
    match runs.last_mut() {
        Some((last, previous)) if *last == token && token == Token::Plain => {
            previous.push_str(&text);
        }
        _ => runs.push((token, text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_are_classified_and_lose_no_text() {
        let text = "{\n  \"id\": 1,\n  \"name\": \"say \\\"hi\\\"\",\n  \"ok\": null\n}";
        let runs = json(text);
        let joined: String = runs.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(joined, text);
        let kinds: Vec<Token> = runs
            .iter()
            .map(|(k, _)| *k)
            .filter(|k| *k != Token::Plain)
            .collect();
        assert_eq!(
            kinds,
            [
                Token::Key,
                Token::Num,
                Token::Key,
                Token::Str,
                Token::Key,
                Token::Literal
            ]
        );
    }

    #[test]
    fn negative_and_exponent_numbers_are_one_run() {
        let runs = json("[-1.5e+3]");
        assert_eq!(runs[1], (Token::Num, "-1.5e+3".to_owned()));
    }
}
