// firmops: small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Close the firm switcher when clicking elsewhere or pressing Escape.
  const switcher = document.querySelector("details.switcher");
  if (switcher) {
    document.addEventListener("click", (e) => { if (!switcher.contains(e.target)) switcher.open = false; });
    document.addEventListener("keydown", (e) => { if (e.key === "Escape") switcher.open = false; });
  }
  labelTableCells(document);
});

// On a phone a table's rows stack their cells and the header row is hidden (app.css), so a bare "5.67"
// would lose its meaning: give each cell its column's heading to show before it.
function labelTableCells(root) {
  for (const table of root.querySelectorAll("table.table, .prose table")) {
    const headings = [];
    for (const th of table.tHead ? table.tHead.rows[0]?.cells ?? [] : []) {
      // A heading may say it shorter (data-label); parts of a heading are words apart, not run together.
      const parts = [...th.childNodes].map((n) => n.textContent.trim()).filter(Boolean);
      const text = th.dataset.label ?? (th.querySelector(".visually-hidden") ? "" : parts.join(" "));
      for (let i = 0; i < th.colSpan; i++) headings.push(text);
    }
    for (const body of [...table.tBodies, table.tFoot].filter(Boolean)) {
      for (const row of body.rows) {
        let column = 0;
        for (const cell of row.cells) {
          const heading = headings[column];
          column += cell.colSpan;
          if (cell.tagName === "TD" && heading && cell.textContent.trim() && !cell.dataset.label) cell.dataset.label = heading;
        }
      }
    }
  }
}
window.firmopsLabelTableCells = labelTableCells; // for rows added later (static/audit/quicklog.js)
