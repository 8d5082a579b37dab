//! Okta Expression Language, second step: tokens into a tree, each node with its byte range in
//! the expression. Precedence follows SpEL: `?:` and `? :` lowest, then OR, AND, comparisons,
//! `+ -`, `* / %`, the prefix operators, and member access, calls and indexing highest.
//!
//! Nesting is limited ([`MAX_DEPTH`]) so that neither parsing nor the evaluator's walk of the
//! tree can exhaust the stack, whatever the expression.

use super::functions::{self, Function};
use super::lexer::{LexError, Lexed, Lexer, Symbol, Token};
use crate::json::Span;

/// Deepest nesting of an expression tree (ternaries, parentheses, calls and operators inside
/// one another) that is read.
pub const MAX_DEPTH: usize = 100;
/// Longest expression read, in UTF-8 bytes.
pub const MAX_EXPRESSION_BYTES: usize = 64 * 1024;

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
    /// Height of the tree under this node, 1 for a leaf.
    depth: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Subtract,
    Multiply,
    Divide,
    Remainder,
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    Matches,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Str(String),
    Int(i64),
    Num(f64),
    Bool(bool),
    Null,
    /// A bare name: `user`, `appuser`, `org`, or a name that means nothing on its own.
    Name(String),
    /// `object.name`
    Member { object: Box<Expr>, name: String, name_span: Span },
    /// `String.len(x)`, `isMemberOfGroupName("x")`, `user.getInternalProperty("id")`: the
    /// function's dotted name; `receiver` is set for a call on a computed value (`f().g()`).
    /// `function` is the function the name is, looked up once here rather than at every call.
    Call { name: String, name_span: Span, receiver: Option<Box<Expr>>, args: Vec<Expr>, function: Option<&'static Function> },
    Index { object: Box<Expr>, index: Box<Expr> },
    Array(Vec<Expr>),
    Not(Box<Expr>),
    Negate(Box<Expr>),
    Binary { op: BinaryOp, left: Box<Expr>, right: Box<Expr> },
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Conditional { condition: Box<Expr>, then: Box<Expr>, otherwise: Box<Expr> },
    /// `value ?: fallback`
    Elvis { value: Box<Expr>, fallback: Box<Expr> },
}

impl Expr {
    fn new(kind: ExprKind, span: Span) -> Result<Expr, SyntaxError> {
        let depth = 1 + kind.children().map(|child| child.depth).max().unwrap_or(0);
        if depth > MAX_DEPTH {
            return Err(SyntaxError::too_deep(span));
        }
        Ok(Expr { kind, span, depth })
    }

    /// The dotted name this node spells (`String.len`, `user.firstName`), if it is only names.
    pub fn dotted_name(&self) -> Option<String> {
        match &self.kind {
            ExprKind::Name(name) => Some(name.clone()),
            ExprKind::Member { object, name, .. } => object.dotted_name().map(|prefix| format!("{prefix}.{name}")),
            _ => None,
        }
    }
}

impl ExprKind {
    /// The direct sub-expressions, in the order they are written.
    pub fn children(&self) -> impl Iterator<Item = &Expr> {
        let (first, rest): (Option<&Expr>, &[Expr]) = match self {
            ExprKind::Member { object, .. } => (Some(object), &[]),
            ExprKind::Call { receiver, args, .. } => (receiver.as_deref(), args),
            ExprKind::Array(items) => (None, items),
            ExprKind::Not(operand) | ExprKind::Negate(operand) => (Some(operand), &[]),
            _ => (None, &[]),
        };
        let pairs: [Option<&Expr>; 3] = match self {
            ExprKind::Index { object, index } => [Some(object), Some(index), None],
            ExprKind::Binary { left, right, .. } | ExprKind::And(left, right) | ExprKind::Or(left, right) => [Some(left), Some(right), None],
            ExprKind::Conditional { condition, then, otherwise } => [Some(condition), Some(then), Some(otherwise)],
            ExprKind::Elvis { value, fallback } => [Some(value), Some(fallback), None],
            _ => [None, None, None],
        };
        first.into_iter().chain(rest).chain(pairs.into_iter().flatten())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    /// Where in the expression, as a byte range.
    pub span: Span,
    /// The error is one of this reader's limits, not a mistake in the expression.
    pub limit: bool,
}

impl SyntaxError {
    fn new(message: impl Into<String>, span: Span) -> Self {
        SyntaxError { message: message.into(), span, limit: false }
    }

    fn too_deep(span: Span) -> Self {
        let message = format!("the expression nests more than {MAX_DEPTH} levels deep (conditions, parentheses, calls or operators inside one another), more than this checker reads");
        SyntaxError { message, span, limit: true }
    }
}

impl From<LexError> for SyntaxError {
    fn from(error: LexError) -> Self {
        SyntaxError::new(error.message, error.span)
    }
}

/// Reads one whole expression.
pub fn parse(text: &str) -> Result<Expr, SyntaxError> {
    if text.len() > MAX_EXPRESSION_BYTES {
        let message = format!("the expression is {} bytes long, more than the {MAX_EXPRESSION_BYTES} this checker reads", text.len());
        return Err(SyntaxError { message, span: Span { start: 0, end: text.len() }, limit: true });
    }
    let mut parser = Parser { lexer: Lexer::new(text), current: Lexed { token: Token::End, span: Span::default() } };
    parser.advance()?;
    if parser.current.token == Token::End {
        return Err(SyntaxError::new("the expression is empty", Span { start: 0, end: text.len() }));
    }
    let expr = parser.expression(0, 0)?;
    match &parser.current.token {
        Token::End => Ok(expr),
        _ => Err(parser.unexpected("an operator or the end of the expression")),
    }
}

struct Parser<'e> {
    lexer: Lexer<'e>,
    current: Lexed<'e>,
}

/// How tightly an infix operator binds: (left, right) binding power.
fn infix_power(token: &Token<'_>) -> Option<(u8, u8)> {
    Some(match token {
        Token::Symbol(Symbol::Question) => (1, 1),
        Token::Symbol(Symbol::OrOr) => (2, 3),
        Token::Ident(word) if word.eq_ignore_ascii_case("or") => (2, 3),
        Token::Symbol(Symbol::AndAnd) => (4, 5),
        Token::Ident(word) if word.eq_ignore_ascii_case("and") => (4, 5),
        Token::Symbol(Symbol::Equal | Symbol::NotEqual | Symbol::Less | Symbol::LessEqual | Symbol::Greater | Symbol::GreaterEqual) => (6, 7),
        Token::Ident(word) if word.eq_ignore_ascii_case("matches") => (6, 7),
        Token::Symbol(Symbol::Plus | Symbol::Minus) => (8, 9),
        Token::Symbol(Symbol::Star | Symbol::Slash | Symbol::Percent) => (10, 11),
        _ => return None,
    })
}

fn binary_op(token: &Token<'_>) -> Option<BinaryOp> {
    Some(match token {
        Token::Symbol(Symbol::Plus) => BinaryOp::Add,
        Token::Symbol(Symbol::Minus) => BinaryOp::Subtract,
        Token::Symbol(Symbol::Star) => BinaryOp::Multiply,
        Token::Symbol(Symbol::Slash) => BinaryOp::Divide,
        Token::Symbol(Symbol::Percent) => BinaryOp::Remainder,
        Token::Symbol(Symbol::Equal) => BinaryOp::Equal,
        Token::Symbol(Symbol::NotEqual) => BinaryOp::NotEqual,
        Token::Symbol(Symbol::Less) => BinaryOp::Less,
        Token::Symbol(Symbol::LessEqual) => BinaryOp::LessEqual,
        Token::Symbol(Symbol::Greater) => BinaryOp::Greater,
        Token::Symbol(Symbol::GreaterEqual) => BinaryOp::GreaterEqual,
        Token::Ident(_) => BinaryOp::Matches,
        _ => return None,
    })
}

const PREFIX_POWER: u8 = 12;

fn join(left: Span, right: Span) -> Span {
    Span { start: left.start, end: right.end }
}

impl<'e> Parser<'e> {
    fn advance(&mut self) -> Result<Lexed<'e>, SyntaxError> {
        let next = self.lexer.next_token()?;
        Ok(std::mem::replace(&mut self.current, next))
    }

    fn at(&self, symbol: Symbol) -> bool {
        self.current.token == Token::Symbol(symbol)
    }

    fn expect(&mut self, symbol: Symbol, context: &str) -> Result<Span, SyntaxError> {
        if self.at(symbol) {
            return Ok(self.advance()?.span);
        }
        Err(self.unexpected(&format!("'{}' {context}", symbol.text())))
    }

    fn unexpected(&self, expected: &str) -> SyntaxError {
        let found = match &self.current.token {
            Token::End => return SyntaxError::new(format!("the expression ends where {expected} was expected"), self.current.span),
            Token::Ident(word) => format!("'{word}'"),
            Token::Int(_) | Token::Num(_) => "a number".to_string(),
            Token::Str(_) => "a string".to_string(),
            Token::Symbol(symbol) => format!("'{}'", symbol.text()),
        };
        SyntaxError::new(format!("unexpected {found}: expected {expected}"), self.current.span)
    }

    /// Pratt parsing: a prefix expression, then every infix operator binding at least `min_power`.
    fn expression(&mut self, min_power: u8, depth: usize) -> Result<Expr, SyntaxError> {
        if depth >= MAX_DEPTH {
            return Err(SyntaxError::too_deep(self.current.span));
        }
        let mut left = self.prefix(depth)?;
        while let Some((left_power, right_power)) = infix_power(&self.current.token) {
            if left_power < min_power {
                break;
            }
            let operator = self.advance()?;
            left = match operator.token {
                Token::Symbol(Symbol::Question) => self.conditional(left, right_power, depth)?,
                Token::Symbol(Symbol::OrOr) => self.logical(left, right_power, depth, ExprKind::Or)?,
                Token::Ident(word) if word.eq_ignore_ascii_case("or") => self.logical(left, right_power, depth, ExprKind::Or)?,
                Token::Symbol(Symbol::AndAnd) => self.logical(left, right_power, depth, ExprKind::And)?,
                Token::Ident(word) if word.eq_ignore_ascii_case("and") => self.logical(left, right_power, depth, ExprKind::And)?,
                token => {
                    let op = binary_op(&token).ok_or_else(|| SyntaxError::new("unknown operator", operator.span))?;
                    let right = self.expression(right_power, depth + 1)?;
                    let span = join(left.span, right.span);
                    Expr::new(ExprKind::Binary { op, left: Box::new(left), right: Box::new(right) }, span)?
                }
            };
        }
        Ok(left)
    }

    fn logical(&mut self, left: Expr, power: u8, depth: usize, make: fn(Box<Expr>, Box<Expr>) -> ExprKind) -> Result<Expr, SyntaxError> {
        let right = self.expression(power, depth + 1)?;
        let span = join(left.span, right.span);
        Expr::new(make(Box::new(left), Box::new(right)), span)
    }

    /// After `?`: the Elvis operator `?:` or a conditional `? then : otherwise` (right-associative).
    fn conditional(&mut self, condition: Expr, power: u8, depth: usize) -> Result<Expr, SyntaxError> {
        if self.at(Symbol::Colon) {
            self.advance()?;
            let fallback = self.expression(power, depth + 1)?;
            let span = join(condition.span, fallback.span);
            return Expr::new(ExprKind::Elvis { value: Box::new(condition), fallback: Box::new(fallback) }, span);
        }
        let then = self.expression(0, depth + 1)?;
        self.expect(Symbol::Colon, "between the two values of a condition (condition ? then : otherwise)")?;
        let otherwise = self.expression(power, depth + 1)?;
        let span = join(condition.span, otherwise.span);
        Expr::new(ExprKind::Conditional { condition: Box::new(condition), then: Box::new(then), otherwise: Box::new(otherwise) }, span)
    }

    fn prefix(&mut self, depth: usize) -> Result<Expr, SyntaxError> {
        let start = self.current.span;
        let negation = match &self.current.token {
            Token::Symbol(Symbol::Bang) => Some(ExprKind::Not as fn(Box<Expr>) -> ExprKind),
            Token::Ident(word) if word.eq_ignore_ascii_case("not") => Some(ExprKind::Not as fn(Box<Expr>) -> ExprKind),
            Token::Symbol(Symbol::Minus) => Some(ExprKind::Negate as fn(Box<Expr>) -> ExprKind),
            _ => None,
        };
        if let Some(make) = negation {
            self.advance()?;
            let operand = self.expression(PREFIX_POWER, depth + 1)?;
            let span = join(start, operand.span);
            return Expr::new(make(Box::new(operand)), span);
        }
        let primary = self.primary(depth)?;
        self.postfix(primary, depth)
    }

    fn primary(&mut self, depth: usize) -> Result<Expr, SyntaxError> {
        let Lexed { token, span } = self.current.clone();
        let kind = match token {
            Token::Int(value) => ExprKind::Int(value),
            Token::Num(value) => ExprKind::Num(value),
            Token::Str(text) => ExprKind::Str(text.into_owned()),
            Token::Ident(word) if word.eq_ignore_ascii_case("true") => ExprKind::Bool(true),
            Token::Ident(word) if word.eq_ignore_ascii_case("false") => ExprKind::Bool(false),
            Token::Ident(word) if word.eq_ignore_ascii_case("null") => ExprKind::Null,
            Token::Ident(word) => ExprKind::Name(word.to_string()),
            Token::Symbol(Symbol::OpenParen) => {
                self.advance()?;
                let inner = self.expression(0, depth + 1)?;
                self.expect(Symbol::CloseParen, "to close the parenthesis")?;
                return Ok(inner);
            }
            Token::Symbol(Symbol::OpenBrace) => {
                self.advance()?;
                let items = self.list(Symbol::CloseBrace, depth)?;
                let end = self.expect(Symbol::CloseBrace, "to close the array")?;
                return Expr::new(ExprKind::Array(items), join(span, end));
            }
            _ => return Err(self.unexpected("a value, an attribute or a function")),
        };
        self.advance()?;
        Expr::new(kind, span)
    }

    /// Comma-separated expressions up to (not including) `close`.
    fn list(&mut self, close: Symbol, depth: usize) -> Result<Vec<Expr>, SyntaxError> {
        let mut items = Vec::new();
        if self.at(close) {
            return Ok(items);
        }
        loop {
            items.push(self.expression(0, depth + 1)?);
            if !self.at(Symbol::Comma) {
                return Ok(items);
            }
            self.advance()?;
        }
    }

    /// `.name`, `(arguments)` and `[index]` after a primary, as many as are written.
    fn postfix(&mut self, mut expr: Expr, depth: usize) -> Result<Expr, SyntaxError> {
        loop {
            if self.at(Symbol::Dot) {
                self.advance()?;
                let Token::Ident(name) = self.current.token else {
                    return Err(self.unexpected("an attribute or function name after '.'"));
                };
                let name_span = self.advance()?.span;
                let span = join(expr.span, name_span);
                expr = Expr::new(ExprKind::Member { object: Box::new(expr), name: name.to_string(), name_span }, span)?;
            } else if self.at(Symbol::OpenParen) {
                self.advance()?;
                let args = self.list(Symbol::CloseParen, depth)?;
                let end = self.expect(Symbol::CloseParen, "to close the function's arguments")?;
                expr = self.call(expr, args, end)?;
            } else if self.at(Symbol::OpenBracket) {
                self.advance()?;
                let index = self.expression(0, depth + 1)?;
                let end = self.expect(Symbol::CloseBracket, "to close the index")?;
                let span = join(expr.span, end);
                expr = Expr::new(ExprKind::Index { object: Box::new(expr), index: Box::new(index) }, span)?;
            } else {
                return Ok(expr);
            }
        }
    }

    /// A call: on a dotted name (`String.len(...)`), or a method of a computed value.
    fn call(&mut self, callee: Expr, args: Vec<Expr>, end: Span) -> Result<Expr, SyntaxError> {
        let span = join(callee.span, end);
        if let Some(name) = callee.dotted_name() {
            let function = functions::lookup(&name);
            return Expr::new(ExprKind::Call { name, name_span: callee.span, receiver: None, args, function }, span);
        }
        match callee.kind {
            ExprKind::Member { object, name, name_span } => Expr::new(ExprKind::Call { name, name_span, receiver: Some(object), args, function: None }, span),
            _ => Err(SyntaxError::new("only a function can be called with '(...)'", callee.span)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree as a compact string, to compare shapes.
    fn shape(expr: &Expr) -> String {
        match &expr.kind {
            ExprKind::Str(text) => format!("{text:?}"),
            ExprKind::Int(value) => value.to_string(),
            ExprKind::Num(value) => format!("{value}f"),
            ExprKind::Bool(value) => value.to_string(),
            ExprKind::Null => "null".into(),
            ExprKind::Name(name) => name.clone(),
            ExprKind::Member { object, name, .. } => format!("{}.{name}", shape(object)),
            ExprKind::Call { name, receiver, args, .. } => {
                let args: Vec<String> = args.iter().map(shape).collect();
                match receiver {
                    Some(receiver) => format!("({}).{name}({})", shape(receiver), args.join(", ")),
                    None => format!("{name}({})", args.join(", ")),
                }
            }
            ExprKind::Index { object, index } => format!("{}[{}]", shape(object), shape(index)),
            ExprKind::Array(items) => format!("{{{}}}", items.iter().map(shape).collect::<Vec<_>>().join(", ")),
            ExprKind::Not(operand) => format!("!({})", shape(operand)),
            ExprKind::Negate(operand) => format!("-({})", shape(operand)),
            ExprKind::Binary { op, left, right } => format!("({} {op:?} {})", shape(left), shape(right)),
            ExprKind::And(left, right) => format!("({} AND {})", shape(left), shape(right)),
            ExprKind::Or(left, right) => format!("({} OR {})", shape(left), shape(right)),
            ExprKind::Conditional { condition, then, otherwise } => format!("({} ? {} : {})", shape(condition), shape(then), shape(otherwise)),
            ExprKind::Elvis { value, fallback } => format!("({} ?: {})", shape(value), shape(fallback)),
        }
    }

    fn parsed(text: &str) -> String {
        shape(&parse(text).unwrap_or_else(|error| panic!("{text}: {error:?}")))
    }

    #[test]
    fn precedence_follows_spel() {
        assert_eq!(parsed("a + b * c == d"), "((a Add (b Multiply c)) Equal d)");
        assert_eq!(parsed("x == 1 AND y != 2 OR !z"), "(((x Equal 1) AND (y NotEqual 2)) OR !(z))");
        assert_eq!(parsed("a ? b : c ? d : e"), "(a ? b : (c ? d : e))");
        assert_eq!(parsed("a == 1 ? 'x' + 'y' : null"), "((a Equal 1) ? (\"x\" Add \"y\") : null)");
        assert_eq!(parsed("user.email ?: 'none'"), "(user.email ?: \"none\")");
        assert_eq!(parsed("a and b or not c"), "((a AND b) OR !(c))");
        assert_eq!(parsed("-String.len(x) - 20"), "(-(String.len(x)) Subtract 20)");
        assert_eq!(parsed("user.title matches '(?i)engineer'"), "(user.title Matches \"(?i)engineer\")");
    }

    #[test]
    fn calls_members_arrays_and_indexes() {
        assert_eq!(parsed("String.substringBefore(user.email, '@')"), "String.substringBefore(user.email, \"@\")");
        assert_eq!(parsed("user.getInternalProperty(\"id\")"), "user.getInternalProperty(\"id\")");
        assert_eq!(parsed("getManagerUser('ad').firstName"), "getManagerUser(\"ad\").firstName");
        assert_eq!(parsed("f().g(1)"), "(f()).g(1)");
        assert_eq!(parsed("Arrays.size({10, 20, 30})"), "Arrays.size({10, 20, 30})");
        assert_eq!(parsed("{ }"), "{}");
        assert_eq!(parsed("{1, 2}[0]"), "{1, 2}[0]");
        assert_eq!(parsed("hasWorkdayUser() ? findWorkdayUser().employeeID : null"), "(hasWorkdayUser() ? findWorkdayUser().employeeID : null)");
    }

    #[test]
    fn spans_cover_the_written_text() {
        let text = "user.department == \"Support\" ? 'a' : 'b'";
        let expr = parse(text).unwrap();
        assert_eq!(expr.span, Span { start: 0, end: text.len() });
        let ExprKind::Conditional { condition, then, .. } = &expr.kind else { panic!() };
        assert_eq!(&text[condition.span.start..condition.span.end], "user.department == \"Support\"");
        assert_eq!(&text[then.span.start..then.span.end], "'a'");
    }

    #[test]
    fn syntax_errors_say_where() {
        let error = parse("user.firstName +").unwrap_err();
        assert!(error.message.contains("ends where"), "{}", error.message);
        assert_eq!(error.span.start, 16);
        let error = parse("a ? b").unwrap_err();
        assert!(error.message.contains("':'"), "{}", error.message);
        let error = parse("(a").unwrap_err();
        assert!(error.message.contains("close the parenthesis"), "{}", error.message);
        let error = parse("a b").unwrap_err();
        assert_eq!(error.span, Span { start: 2, end: 3 });
        assert!(parse("").unwrap_err().message.contains("empty"));
        assert!(parse("   ").unwrap_err().message.contains("empty"));
        assert!(parse("1()").is_err());
        assert!(parse("user.").is_err());
    }

    #[test]
    fn nesting_is_limited_whatever_builds_it() {
        let ternaries = "a ? b : ".repeat(MAX_DEPTH + 1) + "c";
        assert!(parse(&ternaries).unwrap_err().limit);
        let parentheses = "(".repeat(MAX_DEPTH + 1) + "1" + &")".repeat(MAX_DEPTH + 1);
        assert!(parse(&parentheses).unwrap_err().limit);
        // A left-leaning chain is built by a loop, not recursion: its height is what counts.
        let chain = vec!["1"; MAX_DEPTH + 2].join(" + ");
        let error = parse(&chain).unwrap_err();
        assert!(error.limit && error.message.contains("100 levels"), "{}", error.message);
        let fine = vec!["1"; MAX_DEPTH].join(" + ");
        assert!(parse(&fine).is_ok());
        let nots = "!".repeat(MAX_DEPTH + 5) + "a";
        assert!(parse(&nots).unwrap_err().limit);
        let huge = format!("'{}'", "x".repeat(MAX_EXPRESSION_BYTES));
        let error = parse(&huge).unwrap_err();
        assert!(error.limit && error.message.contains("65536"), "{}", error.message);
    }
}
