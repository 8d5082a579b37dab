//! The simulations as the wasm boundary carries them: compact JSON lines, from which
//! src/simulations.js builds the objects, each when it is first read.

use super::{BodyPlan, Simulation};
use crate::diagnostic::write_diagnostics_json;
use crate::json_out::{list, unsigned};
use crate::scim_body::Json;
use crate::OneOrMany;
use serde::Serialize;
use std::collections::HashMap;
use std::rc::Rc;

/// The simulations as compact JSON lines (UTF-8) for a JavaScript caller to rebuild the objects
/// from (the wasm boundary does): each expression, attribute name and list of reads is written
/// once, not once per user, and a report without findings is a `0`. Each simulation is a line
/// of its own, and `starts` says where each line starts, so the caller can decode and build one
/// only when it is read: a batch's simulations cost JavaScript little until they are looked at.
///
/// Line 1: `{"batch", "attributes", "expressions", "order", "paths"}`; then one line per
/// simulation, `[values, readIds, flags (1 sent, 2 unknown), [method, path, externalId] | null,
/// report | 0 | null, diagnostics, userDiagnostics]`; last line: `{"reads": [[pointer, ...],
/// ...], "records": [record, ...], "logins": [login, ...]}`. Each body is built again from the
/// values sent, put where `paths` says in the `order` given (see `Body`).
pub fn write_wire(result: &OneOrMany<Simulation>, plan: &BodyPlan) -> Wire {
    let simulations: &[Simulation] = match result {
        OneOrMany::One(one) => std::slice::from_ref(one),
        OneOrMany::Many(many) => many,
    };
    let mut out = Vec::with_capacity(simulations.len() * 700 + 256);
    let first = simulations.iter().find(|simulation| !simulation.app_user.0.is_empty());
    let attributes = first.map_or(&[][..], |simulation| &simulation.app_user.0[..]);
    out.extend_from_slice(format!("{{\"batch\":{},\"attributes\":", matches!(result, OneOrMany::Many(_))).as_bytes());
    push_json(&mut out, &attributes.iter().map(|(name, _)| name.as_ref()).collect::<Vec<_>>());
    out.extend_from_slice(b",\"expressions\":");
    push_json(&mut out, &attributes.iter().map(|(_, value)| value.expression.as_deref()).collect::<Vec<_>>());
    out.extend_from_slice(b",\"order\":");
    push_json(&mut out, &plan.order);
    out.extend_from_slice(b",\"paths\":");
    list(&mut out, &plan.paths, |out, path| match path {
        Some(path) => path.write_json(out),
        None => out.extend_from_slice(b"null"),
    });
    out.extend_from_slice(b"}\n");
    let mut read_lists = ReadLists::default();
    let mut starts = Vec::with_capacity(simulations.len() + 1);
    for simulation in simulations {
        starts.push(out.len());
        write_simulation(&mut out, simulation, &mut read_lists);
        out.push(b'\n');
    }
    starts.push(out.len());
    out.extend_from_slice(b"{\"reads\":");
    push_json(&mut out, &read_lists.lists);
    out.extend_from_slice(b",\"records\":");
    list(&mut out, simulations, |out, simulation| push_json(out, &simulation.record));
    out.extend_from_slice(b",\"logins\":");
    list(&mut out, simulations, |out, simulation| push_json(out, &simulation.login));
    out.push(b'}');
    Wire { text: out, starts }
}

/// The lines of [`write_wire`]: the header, one per simulation, the last.
pub struct Wire {
    /// UTF-8, each line ending in `\n` but the last.
    pub text: Vec<u8>,
    /// Where each simulation's line starts, then where the last line starts.
    pub starts: Vec<usize>,
}

/// The lists of reads written once for all simulations, numbered; the users share the lists
/// themselves (see `Pointers::list`), so one is found by its address.
#[derive(Default)]
struct ReadLists<'s> {
    lists: Vec<&'s Rc<[Rc<str>]>>,
    numbers: HashMap<usize, usize>,
}

impl<'s> ReadLists<'s> {
    fn number(&mut self, list: &'s Rc<[Rc<str>]>) -> usize {
        let next = self.lists.len();
        *self.numbers.entry(Rc::as_ptr(list) as *const u8 as usize).or_insert_with(|| {
            self.lists.push(list);
            next
        })
    }
}

/// Writes one simulation, naming each attribute's list of reads by its number in `read_lists`.
fn write_simulation<'s>(out: &mut Vec<u8>, simulation: &'s Simulation, read_lists: &mut ReadLists<'s>) {
    out.push(b'[');
    if simulation.app_user.0.is_empty() {
        out.extend_from_slice(b"null,null,null");
    } else {
        let values = &simulation.app_user.0;
        list(out, values, |out, (_, value)| value.value.write_json(out));
        out.push(b',');
        list(out, values, |out, (_, value)| unsigned(out, read_lists.number(&value.reads)));
        out.push(b',');
        list(out, values, |out, (_, value)| out.push(b'0' + u8::from(value.sent) + 2 * u8::from(value.unknown)));
    }
    out.push(b',');
    match &simulation.request {
        Some(request) => {
            out.push(b'[');
            push_json(out, &request.method);
            out.push(b',');
            push_json(out, &request.path);
            out.push(b',');
            // The body is built again from the values and the plan; only what Okta adds of
            // its own, the user's id as externalId, is written.
            let external_id = match &request.body {
                Json::Object(members) => members.iter().find(|(key, _)| key.as_ref() == "externalId").map(|(_, id)| id),
                _ => None,
            };
            push_json(out, &external_id);
            out.push(b']');
        }
        None => out.extend_from_slice(b"null"),
    }
    out.push(b',');
    match &simulation.report {
        Some(report) if report.diagnostics.is_empty() => out.push(b'0'),
        Some(report) => report.write_json(out),
        None => out.extend_from_slice(b"null"),
    }
    out.push(b',');
    write_diagnostics_json(out, &simulation.diagnostics);
    out.push(b',');
    write_diagnostics_json(out, &simulation.user_diagnostics);
    out.push(b']');
}

fn push_json(out: &mut Vec<u8>, value: &impl Serialize) {
    // Writing to a Vec cannot fail, and every value here serialises.
    let _ = serde_json::to_writer(&mut *out, value);
}
