"""Look and feel: a theme with system fonts (nothing fetched from the internet), the CSS
for the HTML the views produce, and one small script that opens a source card when its
citation is clicked."""

from __future__ import annotations

STATUS_COLOURS = {  # (text/border, background)
    "present": ("#1a7f37", "#e6f4ea"),
    "weak": ("#9a6700", "#fff4d6"),
    "missing": ("#c62828", "#fdecea"),
    "attached": ("#1565c0", "#e3f0fd"),
    "not_applicable": ("#5f6368", "#f1f3f4"),
}
PILLAR_COLOURS = {
    "visibility": "#1f77b4",
    "recognition": "#d46a00",
    "career_development": "#2ca02c",
    "sustainability": "#7b4fb0",
    "evaluating_impact": "#8c564b",
}


def theme():
    import gradio as gr

    system = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"]
    mono = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"]
    return gr.themes.Soft(primary_hue="blue", secondary_hue="slate", neutral_hue="slate", font=system, font_mono=mono)


def _status_css() -> str:
    rules = []
    for status, (fg, bg) in STATUS_COLOURS.items():
        rules.append(f".tca-status-{status}{{color:{fg};background:{bg};border:1px solid {fg}55}}")
        rules.append(f".tca-border-{status}{{border-left:4px solid {fg}}}")
        rules.append(f".tca-row-{status} td:first-child{{box-shadow:inset 4px 0 0 {fg}}}")
    for pillar, colour in PILLAR_COLOURS.items():
        rules.append(f".tca-pill-{pillar}{{background:{colour};color:#fff}}")
    return "\n".join(rules)


CSS = (
    """
.tca-title h1 {margin-bottom: 0}
.tca-title p {margin-top: 2px; color: var(--body-text-color-subdued)}
.tca-sub {color: var(--body-text-color-subdued); font-size: 0.88em; margin: 4px 0}
.tca-empty {color: var(--body-text-color-subdued); padding: 12px; border: 1px dashed var(--border-color-primary); border-radius: 8px}
a.tca-cite {font-weight: 600; text-decoration: none; padding: 0 2px; border-radius: 4px; background: #e3f0fd; color: #0b4f9c !important; cursor: pointer}
a.tca-cite:hover {background: #c7e0fb}
.tca-sources {max-height: 720px; overflow-y: auto; padding-right: 4px; text-align: left}
#ask-sources, #check-report, #plan-suggestions, #draft-view, #library-coverage {text-align: left}
.tca-turn {margin-bottom: 14px}
.tca-turn-q {margin: 6px 0 2px 0; font-size: 0.95em}
.tca-card {border: 1px solid var(--border-color-primary); border-radius: 8px; margin: 6px 0; background: var(--background-fill-primary); scroll-margin-top: 12px}
.tca-card-head {display: block; text-align: left; padding: 7px 10px; text-decoration: none !important; color: var(--body-text-color) !important; cursor: pointer}
.tca-card-head:hover {background: var(--background-fill-secondary)}
.tca-n {display: inline-block; min-width: 2em; font-weight: 700; color: #0b4f9c}
.tca-card-retrieved .tca-n {color: var(--body-text-color-subdued)}
.tca-card-where {color: var(--body-text-color-subdued); font-size: 0.9em}
.tca-card-body {display: none; padding: 4px 12px 12px 12px; border-top: 1px solid var(--border-color-primary)}
.tca-card.open .tca-card-body, .tca-card:target .tca-card-body {display: block}
.tca-card.open, .tca-card:target {border-color: #1f5ea8; box-shadow: 0 0 0 2px #1f5ea833}
.tca-flash {animation: tca-flash 1.2s ease-out}
@keyframes tca-flash {from {box-shadow: 0 0 0 6px #f5c51866} to {box-shadow: 0 0 0 2px #1f5ea833}}
.tca-facts {display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0; font-size: 0.9em}
.tca-facts dt {font-weight: 600; color: var(--body-text-color-subdued)}
.tca-facts dd {margin: 0}
.tca-passage {white-space: pre-wrap; font-size: 0.92em; line-height: 1.5; background: var(--background-fill-secondary); padding: 8px 10px; border-radius: 6px; max-height: 320px; overflow-y: auto}
.tca-passage mark {background: #ffe58a; color: #1d1d1d; padding: 0 1px; border-radius: 2px}
.tca-also summary {cursor: pointer; color: var(--body-text-color-subdued); margin: 6px 0}
.tca-status {display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 0.82em; font-weight: 600; white-space: nowrap}
.tca-verdict {font-weight: 700; padding: 2px 10px; border-radius: 6px}
.tca-verdict-bad {background: #fdecea; color: #c62828}
.tca-verdict-ok {background: #e6f4ea; color: #1a7f37}
.tca-report h3, .tca-draft h3 {margin-top: 4px}
.tca-gap, .tca-element {border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 12px; margin: 8px 0; background: var(--background-fill-primary)}
.tca-gap-head {margin-bottom: 4px}
.tca-sev {color: var(--body-text-color-subdued); font-size: 0.85em}
.tca-examples {font-size: 0.9em; background: var(--background-fill-secondary); border-radius: 6px; padding: 6px 10px}
.tca-examples ul, .tca-exemplars {margin: 4px 0 0 0}
.tca-checks {width: 100%; border-collapse: collapse; font-size: 0.88em; table-layout: fixed; border: none !important}
.tca-checks th, .tca-checks td {border: none !important; border-bottom: 1px solid var(--border-color-primary) !important; padding: 4px 6px; text-align: left; vertical-align: top; overflow-wrap: break-word}
.tca-checks tr, .tca-heatmap tr {border: none !important}
.tca-checks th:nth-child(1) {width: 20%} .tca-checks th:nth-child(2) {width: 12%} .tca-checks th:nth-child(3) {width: 13%}
.tca-checks th:nth-child(4) {width: 15%} .tca-checks th:nth-child(5) {width: 22%} .tca-checks th:nth-child(6) {width: 18%}
.tca-counts .tca-status {margin-right: 2px}
.tca-note {color: #9a6700}
.tca-heatmap {border-collapse: separate; border-spacing: 3px; font-size: 0.9em; border: none !important}
.tca-heatmap th, .tca-heatmap td {border: none !important}
.tca-heatmap th {text-align: left; padding: 4px 8px; font-weight: 600}
.tca-heatmap thead th {text-align: center}
.tca-heatmap td {text-align: center; min-width: 92px; padding: 8px; border-radius: 4px; font-weight: 600}
.tca-heatmap td.tca-total {background: transparent; color: var(--body-text-color-subdued)}
.tca-scroll {max-height: 760px; overflow-y: auto; padding-right: 6px}
.tca-suggestion {border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 12px; margin: 8px 0; background: var(--background-fill-primary)}
.tca-suggestion p {margin: 4px 0}
.tca-rank {display: inline-block; min-width: 1.6em; height: 1.6em; line-height: 1.6em; text-align: center; border-radius: 50%; background: #1f5ea8; color: #fff; font-weight: 700; font-size: 0.85em}
.tca-pill {display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 0.8em; margin-left: 4px}
.tca-suggestion details, .tca-draft details {font-size: 0.9em}
.tca-suggestion summary {cursor: pointer; color: #1f5ea8}
.tca-asks {font-style: italic}
.tca-draft-text {background: var(--background-fill-secondary); padding: 8px 12px; border-radius: 6px; white-space: normal; line-height: 1.6}
.tca-st {border-bottom: 1px dotted #1f5ea8}
.tca-st sup {color: #1f5ea8; font-size: 0.7em; margin-left: 1px}
.tca-st.tca-cut-first {background: #fdecea; text-decoration: line-through dotted #c62828}
.tca-placeholder {background: #ffe58a; color: #1d1d1d; padding: 0 3px; border-radius: 3px; font-style: italic}
.tca-peer-answer summary {cursor: pointer; margin: 4px 0}
.tca-draft-answer {margin: 8px 0}
.tca-warnings {background: #fff4d6; color: #6b4700; padding: 4px 12px; border-radius: 6px}
.tca-fix {color: #c62828}
.tca-timeline {overflow-x: auto; background: #fff; border-radius: 8px; padding: 6px}
.tca-timeline svg {max-width: 100%; height: auto}
"""
    + _status_css()
)

HEAD = """
<script>
(function () {
  function openCard(id, toggle) {
    var card = document.getElementById(id);
    if (!card) { return; }
    if (toggle && card.classList.contains('open')) { card.classList.remove('open'); return; }
    var holder = card.closest('details');
    if (holder) { holder.open = true; }
    card.classList.add('open');
    card.classList.remove('tca-flash');
    void card.offsetWidth;
    card.classList.add('tca-flash');
    card.scrollIntoView({behavior: 'smooth', block: 'nearest'});
  }
  document.addEventListener('click', function (event) {
    var link = event.target.closest ? event.target.closest('a.tca-cite, a.tca-card-head') : null;
    if (!link) { return; }
    var id = link.getAttribute('data-card') || (link.getAttribute('href') || '').replace(/^#/, '');
    if (!id) { return; }
    event.preventDefault();
    event.stopPropagation();
    openCard(id, link.classList.contains('tca-card-head'));
  }, true);
})();
</script>
"""
