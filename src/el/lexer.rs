//! Okta Expression Language, first step: the expression text as tokens, each with its byte range.
//!
//! Strings follow SpEL, on which Okta's language is built: single or double quotes, the quote
//! itself written twice inside, and a backslash that is an ordinary character (Okta's own
//! examples write `"\"` for a backslash).

use crate::json::Span;
use std::borrow::Cow;

#[derive(Clone, Debug, PartialEq)]
pub enum Token<'e> {
    Ident(&'e str),
    Int(i64),
    Num(f64),
    Str(Cow<'e, str>),
    Symbol(Symbol),
    End,
}

/// Punctuation and operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Symbol {
    OpenParen,
    CloseParen,
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    Comma,
    Dot,
    Question,
    Colon,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Bang,
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    AndAnd,
    OrOr,
}

impl Symbol {
    pub fn text(self) -> &'static str {
        match self {
            Symbol::OpenParen => "(",
            Symbol::CloseParen => ")",
            Symbol::OpenBrace => "{",
            Symbol::CloseBrace => "}",
            Symbol::OpenBracket => "[",
            Symbol::CloseBracket => "]",
            Symbol::Comma => ",",
            Symbol::Dot => ".",
            Symbol::Question => "?",
            Symbol::Colon => ":",
            Symbol::Plus => "+",
            Symbol::Minus => "-",
            Symbol::Star => "*",
            Symbol::Slash => "/",
            Symbol::Percent => "%",
            Symbol::Bang => "!",
            Symbol::Equal => "==",
            Symbol::NotEqual => "!=",
            Symbol::Less => "<",
            Symbol::LessEqual => "<=",
            Symbol::Greater => ">",
            Symbol::GreaterEqual => ">=",
            Symbol::AndAnd => "&&",
            Symbol::OrOr => "||",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Lexed<'e> {
    pub token: Token<'e>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexError {
    pub message: String,
    pub span: Span,
}

pub struct Lexer<'e> {
    text: &'e str,
    pos: usize,
}

impl<'e> Lexer<'e> {
    pub fn new(text: &'e str) -> Self {
        Lexer { text, pos: 0 }
    }

    pub fn next_token(&mut self) -> Result<Lexed<'e>, LexError> {
        let bytes = self.text.as_bytes();
        while bytes.get(self.pos).is_some_and(u8::is_ascii_whitespace) {
            self.pos += 1;
        }
        let start = self.pos;
        let Some(&first) = bytes.get(start) else {
            return Ok(Lexed { token: Token::End, span: Span { start, end: start } });
        };
        let token = match first {
            b'"' | b'\'' => self.string(first)?,
            b'0'..=b'9' => self.number(),
            b'a'..=b'z' | b'A'..=b'Z' | b'_' | b'$' => {
                let length = bytes[start..].iter().position(|&byte| !(byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'$')).unwrap_or(bytes.len() - start);
                self.pos += length;
                Token::Ident(&self.text[start..self.pos])
            }
            _ => Token::Symbol(self.symbol()?),
        };
        Ok(Lexed { token, span: Span { start, end: self.pos } })
    }

    fn symbol(&mut self) -> Result<Symbol, LexError> {
        let rest = &self.text.as_bytes()[self.pos..];
        let two = |symbol| (symbol, 2);
        let one = |symbol| (symbol, 1);
        let (symbol, length) = match rest {
            [b'=', b'=', ..] => two(Symbol::Equal),
            [b'!', b'=', ..] => two(Symbol::NotEqual),
            [b'<', b'=', ..] => two(Symbol::LessEqual),
            [b'>', b'=', ..] => two(Symbol::GreaterEqual),
            [b'&', b'&', ..] => two(Symbol::AndAnd),
            [b'|', b'|', ..] => two(Symbol::OrOr),
            [b'(', ..] => one(Symbol::OpenParen),
            [b')', ..] => one(Symbol::CloseParen),
            [b'{', ..] => one(Symbol::OpenBrace),
            [b'}', ..] => one(Symbol::CloseBrace),
            [b'[', ..] => one(Symbol::OpenBracket),
            [b']', ..] => one(Symbol::CloseBracket),
            [b',', ..] => one(Symbol::Comma),
            [b'.', ..] => one(Symbol::Dot),
            [b'?', ..] => one(Symbol::Question),
            [b':', ..] => one(Symbol::Colon),
            [b'+', ..] => one(Symbol::Plus),
            [b'-', ..] => one(Symbol::Minus),
            [b'*', ..] => one(Symbol::Star),
            [b'/', ..] => one(Symbol::Slash),
            [b'%', ..] => one(Symbol::Percent),
            [b'!', ..] => one(Symbol::Bang),
            [b'<', ..] => one(Symbol::Less),
            [b'>', ..] => one(Symbol::Greater),
            [b'=', ..] => return Err(self.error_here(1, "'=' is an assignment, which Okta expressions cannot contain: compare with '=='")),
            _ => {
                let character = self.text[self.pos..].chars().next().unwrap_or(' ');
                let message = match character {
                    '“' | '”' | '‘' | '’' => format!("'{character}' is a typographic quote: strings need straight quotes, \" or '"),
                    _ => format!("unexpected character '{character}'"),
                };
                return Err(self.error_here(character.len_utf8(), &message));
            }
        };
        self.pos += length;
        Ok(symbol)
    }

    fn error_here(&self, length: usize, message: &str) -> LexError {
        LexError { message: message.to_string(), span: Span { start: self.pos, end: self.pos + length } }
    }

    /// Digits, then an optional fraction and exponent: an integer unless either is there.
    fn number(&mut self) -> Token<'e> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let digits = |from: usize| bytes[from..].iter().take_while(|byte| byte.is_ascii_digit()).count();
        self.pos += digits(self.pos);
        let mut fractional = false;
        if bytes.get(self.pos) == Some(&b'.') && bytes.get(self.pos + 1).is_some_and(u8::is_ascii_digit) {
            fractional = true;
            self.pos += 1 + digits(self.pos + 1);
        }
        if let Some(b'e' | b'E') = bytes.get(self.pos) {
            let sign = usize::from(matches!(bytes.get(self.pos + 1), Some(b'+' | b'-')));
            let exponent = digits(self.pos + 1 + sign);
            if exponent > 0 {
                fractional = true;
                self.pos += 1 + sign + exponent;
            }
        }
        let text = &self.text[start..self.pos];
        match text.parse::<i64>() {
            Ok(value) if !fractional => Token::Int(value),
            _ => Token::Num(text.parse::<f64>().unwrap_or(f64::INFINITY)),
        }
    }

    /// A quoted string; the quote written twice stands for itself.
    fn string(&mut self, quote: u8) -> Result<Token<'e>, LexError> {
        let start = self.pos;
        let bytes = self.text.as_bytes();
        let mut owned: Option<String> = None;
        let mut run_start = start + 1;
        let mut at = start + 1;
        loop {
            let Some(offset) = memchr::memchr(quote, &bytes[at..]) else {
                return Err(LexError { message: format!("the string is not closed: a {} is missing", quote as char), span: Span { start, end: bytes.len() } });
            };
            at += offset;
            if bytes.get(at + 1) == Some(&quote) {
                let piece = owned.get_or_insert_with(String::new);
                piece.push_str(&self.text[run_start..=at]);
                at += 2;
                run_start = at;
                continue;
            }
            self.pos = at + 1;
            let last = &self.text[run_start..at];
            return Ok(Token::Str(match owned {
                Some(mut text) => {
                    text.push_str(last);
                    Cow::Owned(text)
                }
                None => Cow::Borrowed(last),
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<Token<'_>> {
        let mut lexer = Lexer::new(text);
        let mut out = Vec::new();
        loop {
            let lexed = lexer.next_token().unwrap();
            if lexed.token == Token::End {
                return out;
            }
            out.push(lexed.token);
        }
    }

    #[test]
    fn reads_every_kind_of_token() {
        assert_eq!(
            tokens("user.department == 'Sales' ? 12 : 3.5"),
            vec![
                Token::Ident("user"),
                Token::Symbol(Symbol::Dot),
                Token::Ident("department"),
                Token::Symbol(Symbol::Equal),
                Token::Str(Cow::Borrowed("Sales")),
                Token::Symbol(Symbol::Question),
                Token::Int(12),
                Token::Symbol(Symbol::Colon),
                Token::Num(3.5),
            ]
        );
        assert_eq!(tokens("a>=b!=c&&!d||e<=f"), vec![
            Token::Ident("a"), Token::Symbol(Symbol::GreaterEqual), Token::Ident("b"), Token::Symbol(Symbol::NotEqual), Token::Ident("c"),
            Token::Symbol(Symbol::AndAnd), Token::Symbol(Symbol::Bang), Token::Ident("d"), Token::Symbol(Symbol::OrOr), Token::Ident("e"),
            Token::Symbol(Symbol::LessEqual), Token::Ident("f"),
        ]);
    }

    #[test]
    fn strings_double_their_quote_and_keep_backslashes() {
        assert_eq!(tokens(r#""It""s" 'it''s' "XDOMAIN\""#), vec![
            Token::Str(Cow::Owned("It\"s".into())),
            Token::Str(Cow::Owned("it's".into())),
            Token::Str(Cow::Borrowed("XDOMAIN\\")),
        ]);
    }

    #[test]
    fn spans_are_byte_ranges() {
        let mut lexer = Lexer::new("  é + 'x'");
        assert!(lexer.next_token().is_err(), "é is not an identifier character");
        let mut lexer = Lexer::new("ab + 'x'");
        assert_eq!(lexer.next_token().unwrap().span, Span { start: 0, end: 2 });
        assert_eq!(lexer.next_token().unwrap().span, Span { start: 3, end: 4 });
        assert_eq!(lexer.next_token().unwrap().span, Span { start: 5, end: 8 });
    }

    #[test]
    fn errors_say_what_is_wrong() {
        assert!(Lexer::new("'open").next_token().unwrap_err().message.contains("not closed"));
        let mut lexer = Lexer::new("a = b");
        lexer.next_token().unwrap();
        assert!(lexer.next_token().unwrap_err().message.contains("=="));
        assert!(Lexer::new("“Sales”").next_token().unwrap_err().message.contains("typographic"));
    }

    #[test]
    fn numbers_are_integers_unless_they_have_a_fraction_or_exponent() {
        assert_eq!(tokens("1234 3.25 1e3 99999999999999999999"), vec![Token::Int(1234), Token::Num(3.25), Token::Num(1000.0), Token::Num(1e20)]);
        assert_eq!(tokens("1.x"), vec![Token::Int(1), Token::Symbol(Symbol::Dot), Token::Ident("x")]);
    }
}
