// Polls the onboarding pack job until it is ready or failed, then shows the download link.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("pack-job");
  if (!box) return;
  const url = box.dataset.statusUrl;
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
      if (state.status === "ready" || state.status === "failed") return;
    } catch (err) {
      delay = Math.min(delay * 2, 10000); // the server hiccupped: back off, keep trying
    }
    setTimeout(poll, delay);
  }

  if (box.dataset.status === "queued" || box.dataset.status === "building") setTimeout(poll, delay);
});
