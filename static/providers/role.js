// Copy the role's plain text to the clipboard (the textarea stays selectable when the API is missing).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const area = document.getElementById(button.dataset.copy);
  if (!area) return;
  area.select();
  const done = () => { button.textContent = "Copied"; setTimeout(() => { button.textContent = "Copy the text"; }, 2000); };
  if (navigator.clipboard) {
    navigator.clipboard.writeText(area.value).then(done, () => { document.execCommand("copy"); done(); });
  } else {
    document.execCommand("copy");
    done();
  }
});
