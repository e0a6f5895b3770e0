// Background jobs (the onboarding pack, the firm's data export): each box with data-job-status-url polls
// that URL until the job is ready or failed, moving its <progress>, then shows the download link.
// Without JavaScript the page says to reload it.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-job-status-url]").forEach((box) => {
    const url = box.dataset.jobStatusUrl;
    const part = (role) => box.querySelector(`[data-role="${role}"]`);
    let delay = 1000;

    function show(state) {
      part("label").textContent = state.label;
      part("progress").value = state.progress;
      part("progress").textContent = `${state.progress}%`;
      if (state.status === "failed") {
        part("error").textContent = `Build failed: ${state.error} Export again to retry.`;
        part("error").hidden = false;
      }
      if (state.download_url) {
        part("link").href = state.download_url;
        part("download").hidden = false;
      }
      box.dataset.status = state.status;
    }

    async function poll() {
      try {
        const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
        if (!response.ok) throw new Error(String(response.status));
        const state = await response.json();
        show(state);
        if (state.status !== "queued" && state.status !== "building") return;
      } catch (err) {
        delay = Math.min(delay * 2, 10000); // the server hiccupped: back off, keep trying
      }
      setTimeout(poll, delay);
    }

    if (box.dataset.status === "queued" || box.dataset.status === "building") setTimeout(poll, delay);
  });
});
