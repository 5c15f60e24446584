//! A deal's walk through the ordered open stages, read from its history: the shared ground of
//! `stage_conversion`, the report's funnel and `deal_aging`.
//!
//! - **Stage order**: the declared open stages by `order` ([`Store::open_stages`]). When the dataset
//!   declares no stages, the open stage ids seen in histories and current stages, ordered by
//!   majority precedence: for each pair (a, b), count the deals that first entered a before b and
//!   those that first entered b before a; a stage scores +1 for each stage it precedes in more
//!   deals and -1 for each it follows in more deals (a Copeland score), and stages sort by score,
//!   highest first, ties by first appearance in the data (deal order, then path order). Deals
//!   created mid-funnel (a single stage, no history) add no pair, so they cannot pull a late stage
//!   forward. Open stage ids that are not declared (when stages are declared) are left out of the
//!   path.
//! - **Path**: the stage entries of the history in time order, consecutive repeats of one stage
//!   collapsed (duplicate entries are one visit), then the deal's current stage when the history
//!   does not end in it. Won/lost entries inside the history are dropped: a reopened deal's earlier
//!   close does not count. A won or lost deal ends with one final [`Step::Won`] or [`Step::Lost`].
//! - **Days in stage**: from the entry that moved the deal into a stage to the next entry with
//!   another stage (any stage, closes included), summed over the deal's visits of that stage. The
//!   visit a deal is still in (open deals' current stage, up to `asOf`) is *not* included: it has
//!   not ended, and counting it would mix censored stays with completed ones.

use crate::store::{DealRow, Status, Store, Sym, NO_SYM, NO_TIME};
use crate::time::DAY_MS;
use rustc_hash::FxHashMap as HashMap;

/// One step of a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    /// An open stage, by its position in the stage order.
    Open(usize),
    /// The final close, won.
    Won,
    /// The final close, lost.
    Lost,
}

impl Step {
    /// Rank in the funnel where won ranks after the `n` open stages; `None` for lost.
    pub fn rank(self, n: usize) -> Option<usize> {
        match self {
            Step::Open(k) => Some(k),
            Step::Won => Some(n),
            Step::Lost => None,
        }
    }
}

/// The ordered open stages of a funnel.
#[derive(Debug, Clone, Default)]
pub struct Stages {
    /// Stage ids in pipeline order.
    pub ids: Vec<Sym>,
    /// Position of each id.
    pub pos: HashMap<Sym, usize>,
}

impl Stages {
    /// The open stages of `store` in pipeline order (see the module doc for undeclared stages).
    pub fn of(store: &Store) -> Stages {
        let ids: Vec<Sym> = if store.stages_declared {
            store.open_stages().map(|s| s.id).collect()
        } else {
            observed_order(store)
        };
        let pos = ids.iter().enumerate().map(|(i, &s)| (s, i)).collect();
        Stages { ids, pos }
    }

    /// Number of open stages.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether there is no open stage.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The display label of stage `k` (its id when it has no label).
    pub fn label(&self, store: &Store, k: usize) -> String {
        let id = self.ids.get(k).copied().unwrap_or(NO_SYM);
        let label = store.stages.iter().find(|s| s.id == id).map_or(NO_SYM, |s| s.label);
        store.strings.resolve(if label == NO_SYM { id } else { label }).to_string()
    }
}

/// Open stage ids of a deal in order of entry: history stages, then the current stage.
fn open_visits(store: &Store, deal: &DealRow) -> Vec<Sym> {
    let mut out: Vec<Sym> = Vec::new();
    let history = store.deal_history(deal).iter().map(|h| h.stage);
    for s in history.chain([deal.stage]).filter(|&s| s != NO_SYM) {
        if store.stage_kind(s) == Status::Open && out.last() != Some(&s) {
            out.push(s);
        }
    }
    out
}

/// Undeclared stages by majority precedence (Copeland score), ties by first appearance.
fn observed_order(store: &Store) -> Vec<Sym> {
    let mut ids: Vec<Sym> = Vec::new();
    let mut index: HashMap<Sym, usize> = HashMap::default();
    let mut firsts: Vec<Vec<usize>> = Vec::new();
    for deal in &store.deals {
        let mut seen: Vec<usize> = Vec::new();
        for s in open_visits(store, deal) {
            let i = *index.entry(s).or_insert_with(|| {
                ids.push(s);
                ids.len() - 1
            });
            if !seen.contains(&i) {
                seen.push(i);
            }
        }
        firsts.push(seen);
    }
    // How many deals entered a before b, for the pairs that occur: a dense table would hold
    // n x n counts, too many when a free-text column fills the stages with thousands of labels.
    let mut before: HashMap<(usize, usize), u32> = HashMap::default();
    for seen in &firsts {
        for (x, &a) in seen.iter().enumerate() {
            for &b in seen.get(x + 1..).unwrap_or_default() {
                *before.entry((a, b)).or_default() += 1;
            }
        }
    }
    // Copeland score: +1 per stage a precedes by majority, -1 per stage that precedes a.
    let mut score: HashMap<usize, i64> = HashMap::default();
    for (&(a, b), &count) in &before {
        if count > before.get(&(b, a)).copied().unwrap_or(0) {
            *score.entry(a).or_default() += 1;
            *score.entry(b).or_default() -= 1;
        }
    }
    let mut order: Vec<(usize, Sym)> = ids.into_iter().enumerate().collect();
    // A stable sort keeps first appearance among equal scores.
    crate::sort::sort_by_key(&mut order, |(a, _)| std::cmp::Reverse(score.get(a).copied().unwrap_or(0)));
    order.into_iter().map(|(_, id)| id).collect()
}

/// A deal's path through the funnel.
#[derive(Debug, Clone, Default)]
pub struct DealPath {
    /// Collapsed steps in time order (final close last).
    pub steps: Vec<Step>,
    /// Distinct steps in order of first entry.
    pub first: Vec<Step>,
    /// Highest open stage position shown.
    pub max_open: Option<usize>,
    /// The deal ended won.
    pub won: bool,
}

/// The collapsed steps of `deal`'s path over `stages` into `out` (see the module doc): its
/// open visits (`open_visits`) that are in the stage order, consecutive repeats collapsed, then
/// its final close. `kind` tells a stage id's kind (a memo of [`Store::stage_kind`] when building
/// the paths of every deal).
pub fn steps_into(store: &Store, stages: &Stages, deal: &DealRow, kind: &mut impl FnMut(Sym) -> Status, out: &mut Vec<Step>) {
    out.clear();
    let history = store.deal_history(deal).iter().map(|h| h.stage);
    // Collapsing repeated positions also collapses repeated visits: a stage id has one position.
    for s in history.chain([deal.stage]).filter(|&s| s != NO_SYM) {
        if let Some(&k) = stages.pos.get(&s) {
            if kind(s) == Status::Open && out.last() != Some(&Step::Open(k)) {
                out.push(Step::Open(k));
            }
        }
    }
    match deal.status {
        Status::Won => out.push(Step::Won),
        Status::Lost => out.push(Step::Lost),
        Status::Open => {}
    }
}

impl DealPath {
    /// The path of `deal` over `stages` (see the module doc).
    pub fn of(store: &Store, stages: &Stages, deal: &DealRow) -> DealPath {
        let mut steps = Vec::new();
        steps_into(store, stages, deal, &mut |s| store.stage_kind(s), &mut steps);
        DealPath::from_steps(steps)
    }

    /// The path made of `steps` (as [`steps_into`] writes them: a won deal's last step is won).
    pub fn from_steps(steps: Vec<Step>) -> DealPath {
        let mut first: Vec<Step> = Vec::new();
        for &s in &steps {
            if !first.contains(&s) {
                first.push(s);
            }
        }
        let max_open = steps.iter().filter_map(|s| if let Step::Open(k) = s { Some(*k) } else { None }).max();
        let won = steps.last() == Some(&Step::Won);
        DealPath { steps, first, max_open, won }
    }

    /// `reached`: the deal shows stage `k` or a later one, or was won (`k == n` is won itself).
    pub fn reached(&self, k: usize) -> bool {
        self.won || self.max_open.is_some_and(|m| m >= k)
    }

    /// `strict`: its first entries begin with stages 0, 1, ..., k in order (`k == n`: then won).
    pub fn strict(&self, k: usize, n: usize) -> bool {
        self.first.get(..=k).is_some_and(|first| first.iter().enumerate().all(|(i, s)| s.rank(n) == Some(i)))
    }

    /// Whether the path visits open stage `k`.
    pub fn visits(&self, k: usize) -> bool {
        self.steps.contains(&Step::Open(k))
    }

    /// Consecutive moves (from, to) as ranks; lost has no rank.
    fn moves(&self, n: usize) -> impl Iterator<Item = (Option<usize>, Option<usize>)> + '_ {
        self.steps.array_windows().map(move |[a, b]| (a.rank(n), b.rank(n)))
    }

    /// A direct move k -> k + 1 (the last open stage's next is won).
    pub fn direct(&self, k: usize, n: usize) -> bool {
        self.moves(n).any(|m| m == (Some(k), Some(k + 1)))
    }

    /// A forward move out of `k` past `k + 1`.
    pub fn skips_out_of(&self, k: usize, n: usize) -> bool {
        self.moves(n).any(|(a, b)| a == Some(k) && b.is_some_and(|b| b > k + 1))
    }

    /// `adjacent` denominator at `k`: visited `k`, and either moved directly to `k + 1` or never
    /// skipped forward out of `k`.
    pub fn adjacent_trial(&self, k: usize, n: usize) -> bool {
        self.visits(k) && (self.direct(k, n) || !self.skips_out_of(k, n))
    }

    /// A move from before `k` to after `k` without `k` in between.
    pub fn skipped(&self, k: usize, n: usize) -> bool {
        self.moves(n).any(|(a, b)| a.is_some_and(|a| a < k) && b.is_some_and(|b| b > k))
    }

    /// Moves out of open stage `k` back to an earlier open stage.
    pub fn backward_from(&self, k: usize) -> usize {
        self.steps.array_windows().filter(|[a, b]| matches!((a, b), (Step::Open(a), Step::Open(b)) if *a == k && *b < k)).count()
    }
}

/// Per-stage days of a deal: for each stage id, the sum of its completed visits (see module doc).
/// Visits whose start or end time is unknown, or that run backwards in time, are left out.
pub fn days_in_stages(store: &Store, deal: &DealRow) -> Vec<(Sym, f64)> {
    let mut out = Vec::new();
    days_in_stages_into(store, deal, &mut |s| store.stage_kind(s), &mut out);
    out
}

/// [`days_in_stages`] into `out`, with `kind` telling a stage id's kind (see [`steps_into`]).
pub fn days_in_stages_into(store: &Store, deal: &DealRow, kind: &mut impl FnMut(Sym) -> Status, out: &mut Vec<(Sym, f64)>) {
    out.clear();
    // Each run is (stage, first entry); a run ends where the next one starts.
    let mut runs = store.deal_history(deal).iter().filter(|h| h.stage != NO_SYM).map(|h| (h.stage, h.at));
    let Some(mut run) = runs.next() else { return };
    for next in runs {
        if next.0 == run.0 {
            continue;
        }
        let ((stage, start), end) = (run, next.1);
        run = next;
        if start == NO_TIME || end == NO_TIME || end < start || kind(stage) != Status::Open {
            continue;
        }
        let days = (end as f64 - start as f64) / DAY_MS as f64;
        match out.iter_mut().find(|e| e.0 == stage) {
            Some(e) => e.1 += days,
            None => out.push((stage, days)),
        }
    }
}

/// The instant an open deal entered its current stage: the first entry of the history's last
/// run when that run is the current stage; `createdAt` when the history has no stage entry;
/// `None` when the history ends in another stage (the move is not dated) or nothing is known.
pub fn current_stage_entry(store: &Store, deal: &DealRow) -> Option<i64> {
    // Backwards from the last stage entry: the run it ends, up to the first entry of another stage.
    let mut entries = store.deal_history(deal).iter().rev().filter(|h| h.stage != NO_SYM);
    let Some(last) = entries.next() else {
        return (deal.created != NO_TIME).then_some(deal.created);
    };
    if deal.stage != NO_SYM && deal.stage != last.stage {
        return None;
    }
    let at = entries.take_while(|h| h.stage == last.stage).last().map_or(last.at, |h| h.at);
    (at != NO_TIME).then_some(at)
}
