// Progress for work that takes more than a second (PDF builds, CSV imports), the same way everywhere:
// a <progress> and a status line under the control. Background jobs (the onboarding pack) poll their
// status URL instead (static/js/jobs.js). Without JavaScript the links and forms work as usual.
document.addEventListener("DOMContentLoaded", () => {
  function statusBox(after, text) {
    let box = after.parentElement.querySelector(":scope > .job-progress");
    if (!box) {
      box = document.createElement("p");
      box.className = "job-progress";
      box.setAttribute("role", "status");
      box.append(document.createElement("progress"), document.createElement("span"));
      after.insertAdjacentElement("afterend", box);
    }
    box.classList.remove("error");
    box.querySelector("progress").removeAttribute("value"); // indeterminate: the server gives no steps
    box.querySelector("progress").setAttribute("aria-label", text);
    box.querySelector("span").textContent = text;
    return box;
  }

  function finish(box, text, ok) {
    const bar = box.querySelector("progress");
    bar.max = 1;
    bar.value = ok ? 1 : 0;
    box.querySelector("span").textContent = text;
    box.classList.toggle("error", !ok);
  }

  function fileName(response, link) {
    const header = response.headers.get("Content-Disposition") || "";
    const match = header.match(/filename\*?=(?:UTF-8'')?"?([^";]+)"?/i);
    if (match) return decodeURIComponent(match[1]);
    return link.getAttribute("download") || new URL(link.href).pathname.split("/").pop() || "download";
  }

  // Downloads built on request: fetch, show progress meanwhile, then save the file.
  document.querySelectorAll("a[data-progress]").forEach((link) => {
    link.addEventListener("click", async (event) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return; // new tab: leave it be
      event.preventDefault();
      if (link.getAttribute("aria-busy") === "true") return;
      link.setAttribute("aria-busy", "true");
      const box = statusBox(link, link.dataset.progress);
      try {
        const response = await fetch(link.href, { credentials: "same-origin" });
        if (!response.ok) throw new Error(String(response.status));
        const name = fileName(response, link);
        const url = URL.createObjectURL(await response.blob());
        const save = Object.assign(document.createElement("a"), { href: url, download: name, hidden: true });
        document.body.append(save);
        save.click();
        save.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60000);
        finish(box, `Ready: ${name} downloaded.`, true);
      } catch (err) {
        finish(box, "The file could not be built. Try again in a moment.", false);
      } finally {
        link.removeAttribute("aria-busy");
      }
    });
  });

  // Forms whose answer takes a while (imports): say it is working, and stop a second submit.
  document.querySelectorAll("form[data-progress]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (form.dataset.submitting === "true") {
        event.preventDefault();
        return;
      }
      form.dataset.submitting = "true";
      const button = form.querySelector("[type=submit]") || form.lastElementChild;
      statusBox(button, form.dataset.progress);
    });
  });
});
