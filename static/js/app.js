// firmops: small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Close the firm switcher when clicking elsewhere or pressing Escape.
  const switcher = document.querySelector("details.switcher");
  if (switcher) {
    document.addEventListener("click", (e) => { if (!switcher.contains(e.target)) switcher.open = false; });
    document.addEventListener("keydown", (e) => { if (e.key === "Escape") switcher.open = false; });
  }
});
