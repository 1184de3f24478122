//! Small-cell suppression for what is published (the printed page, the report's files, the
//! API): a count under the event's threshold is hidden, and since the published totals stay,
//! a table's column with one hidden cell would give it away (the total minus the others), so
//! the smallest other count of that column is withheld with it. The organizer's own screen
//! shows every count.
use super::Line;

/// A count as published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    Count(i64),
    /// Under the threshold: "< n".
    Small,
    /// Withheld so that a small one cannot be worked out: "x".
    Withheld,
}

impl Cell {
    pub fn value(self) -> Option<i64> {
        match self {
            Cell::Count(n) => Some(n),
            _ => None,
        }
    }

    pub fn text(self, threshold: i64) -> String {
        match self {
            Cell::Count(n) => n.to_string(),
            Cell::Small => format!("< {threshold}"),
            Cell::Withheld => "x".to_owned(),
        }
    }
}

/// A count on its own (no total beside it to work it out from). Zero is no one to protect.
pub fn single(n: i64, threshold: i64) -> Cell {
    if n > 0 && n < threshold { Cell::Small } else { Cell::Count(n) }
}

/// One column of a table whose total is published.
pub fn column(counts: &[i64], threshold: i64) -> Vec<Cell> {
    let mut cells: Vec<Cell> = counts.iter().map(|n| single(*n, threshold)).collect();
    if cells.iter().filter(|c| **c == Cell::Small).count() == 1
        && let Some(i) = (0..counts.len()).filter(|i| cells[*i] != Cell::Small && counts[*i] > 0).min_by_key(|i| counts[*i])
    {
        cells[i] = Cell::Withheld;
    }
    cells
}

/// A tally's lines as published: (registered, attended) per line, each column on its own.
pub fn lines(lines: &[Line], threshold: i64) -> Vec<(Cell, Cell)> {
    let registered = column(&lines.iter().map(|l| l.counts.registered).collect::<Vec<_>>(), threshold);
    let attended = column(&lines.iter().map(|l| l.counts.attended).collect::<Vec<_>>(), threshold);
    registered.into_iter().zip(attended).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Cell::*;

    #[test]
    fn one_small_cell_takes_the_smallest_other_with_it_and_two_stand_alone() {
        assert_eq!(column(&[40, 1, 7, 0], 5), [Count(40), Small, Withheld, Count(0)], "41 + 1 + 7 = 48: the 1 alone would show");
        assert_eq!(column(&[40, 1, 3, 7], 5), [Count(40), Small, Small, Count(7)], "two small ones hide each other");
        assert_eq!(column(&[40, 9, 7], 5), [Count(40), Count(9), Count(7)]);
        assert_eq!(column(&[4, 0], 5), [Small, Count(0)], "nothing else to withhold: the total itself is small");
        assert_eq!(column(&[3, 2], 0), [Count(3), Count(2)], "no threshold, nothing hidden");
    }

    #[test]
    fn whatever_the_counts_no_hidden_cell_can_be_worked_out_from_the_total() {
        // For every column of up to four counts from 0 to 6: if any cell is hidden, at least
        // two non-zero cells are (or the hidden one is the only non-zero cell).
        for a in 0..7 {
            for b in 0..7 {
                for c in 0..7 {
                    for d in 0..7 {
                        let counts = [a, b, c, d];
                        let cells = column(&counts, 3);
                        let hidden = cells.iter().zip(&counts).filter(|(c, n)| c.value().is_none() && **n > 0).count();
                        let non_zero = counts.iter().filter(|n| **n > 0).count();
                        assert!(hidden != 1 || non_zero == 1, "{counts:?} -> {cells:?}");
                    }
                }
            }
        }
    }
}
