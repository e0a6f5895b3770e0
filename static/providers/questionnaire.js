// Show a conditional question only while the answer it depends on has the value it names.
// Without this script every question is shown with its condition in words, and the server ignores
// the answers to questions whose condition the provider's answers do not meet.
(function () {
  const form = document.querySelector("form[data-conditional]");
  if (!form) return;
  const dependents = Array.from(form.querySelectorAll("[data-show-if]"));
  if (!dependents.length) return;

  function chosen(name) {
    return Array.from(form.querySelectorAll(`[name="${CSS.escape(name)}"]`))
      .filter((input) => (input.type === "radio" || input.type === "checkbox" ? input.checked : input.value))
      .map((input) => input.value);
  }

  function update() {
    const hidden = new Set();
    for (const box of dependents) {  // in page order: a question depends only on earlier ones
      const on = box.dataset.showIf;
      const met = !hidden.has(on) && chosen(on).includes(box.dataset.showIfValue);
      box.hidden = !met;
      if (!met) hidden.add(box.id.replace(/^q-/, ""));
    }
  }

  form.addEventListener("change", update);
  update();
})();

// The question editor: show only the settings of the chosen type of answer (the server reads only
// those anyway; without this script every section stays visible).
(function () {
  const form = document.querySelector("form[data-type-sections]");
  if (!form) return;
  const type = form.querySelector("select[name=type]");
  const sections = Array.from(form.querySelectorAll("[data-for-type]"));
  function update() {
    for (const section of sections) {
      section.hidden = !section.dataset.forType.split(" ").includes(type.value);
    }
  }
  type.addEventListener("change", update);
  update();
})();
