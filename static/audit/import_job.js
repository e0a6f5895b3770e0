// Follows an import job: rows read and rows valid move the bar; at the end the page reloads to show the report.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("import-job");
  if (!box || box.dataset.finished === "true") return;
  const part = (role) => box.querySelector(`[data-role="${role}"]`);
  let delay = 1000;

  function show(state) {
    part("label").textContent = state.label;
    const bar = part("bar");
    if (bar && state.rows_total) {
      bar.max = state.rows_total;
      bar.value = Math.min(state.rows_read, state.rows_total);
    }
    const about = state.rows_total ? ` of about ${state.rows_total}` : "";
    if (part("counts")) part("counts").textContent = `${state.rows_read} rows read${about}, ${state.rows_valid} valid.`;
  }

  async function poll() {
    try {
      const response = await fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      const state = await response.json();
      show(state);
      if (state.finished) {
        window.location.reload(); // the report is drawn by the server
        return;
      }
      delay = 1000;
    } catch (err) {
      delay = Math.min(delay * 2, 10000); // the server hiccupped: back off, keep trying
    }
    setTimeout(poll, delay);
  }

  setTimeout(poll, delay);
});
