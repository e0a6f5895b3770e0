// Quick log: Enter saves without a page reload, focus goes back to the description, entries are
// edited and deleted in place, and a timer fills in the minutes. The page works without this file.
(() => {
  "use strict";
  const form = document.getElementById("quicklog");
  if (!form || !window.fetch || !window.FormData) return;

  const $ = (id) => document.getElementById(id);
  const field = (name) => form.elements.namedItem(name);
  const desc = field("description");
  const minutes = field("minutes");
  const day = field("performed_on");
  const saveBtn = $("ql-save");
  const cancelBtn = $("ql-cancel");
  const status = $("ql-status");
  const rows = $("ql-rows");
  const empty = $("ql-empty");
  const dayTotal = $("ql-day-total");
  const MAX_MINUTES = 24 * 60;
  let editUrl = null;
  let busy = false;

  function say(text, kind) {
    status.textContent = text;
    status.className = "flash flash-" + (kind || "success");
    status.hidden = false;
  }

  function clearErrors() {
    form.querySelectorAll(".js-error").forEach((el) => el.remove());
    form.querySelectorAll(".has-error").forEach((el) => el.classList.remove("has-error"));
  }

  function labelText(input) {
    const label = input && input.id ? form.querySelector('label[for="' + input.id + '"]') : null;
    return label ? label.textContent.trim() : "";
  }

  function showErrors(errors) {
    let first = null;
    Object.keys(errors).forEach((name) => {
      const input = name === "__all__" ? null : field(name);
      const box = input && input.closest ? input.closest(".field") : null;
      const p = document.createElement("p");
      p.className = "error js-error";
      p.setAttribute("role", "alert");
      const text = errors[name].map((e) => e.message).join(" ");
      p.textContent = box && labelText(input) ? labelText(input) + ": " + text : text;
      if (box) {
        box.classList.add("has-error");
        box.appendChild(p);
      } else {
        form.prepend(p);
      }
      if (!first && input && input.focus) first = input;
    });
    (first || desc).focus();
  }

  function hoursMinutes(total) {
    const h = Math.floor(total / 60);
    const m = total % 60;
    if (!h) return m + " min";
    return m ? h + " h " + m + " min" : h + " h";
  }

  function refreshDay() {
    const all = rows.querySelectorAll("tr[id^='entry-']");
    empty.hidden = all.length > 0;
    if (dayTotal) {
      let total = 0;
      all.forEach((tr) => { if (tr.dataset.mine === "1") total += Number(tr.dataset.minutes) || 0; });
      dayTotal.textContent = total ? hoursMinutes(total) : "—";
    }
  }

  function placeRow(data) {
    const existing = document.getElementById("entry-" + data.entry_id);
    const holder = document.createElement("template");
    holder.innerHTML = data.html.trim();
    const row = holder.content.firstElementChild;
    const onThisDay = data.performed_on === form.dataset.day;
    if (existing) {
      if (onThisDay) existing.replaceWith(row);
      else existing.remove();
    } else if (onThisDay) {
      rows.prepend(row);
    }
    if (window.firmopsLabelTableCells) window.firmopsLabelTableCells(rows.closest("table").parentElement);
    refreshDay();
  }

  function leaveEditMode() {
    editUrl = null;
    saveBtn.textContent = "Log task";
    cancelBtn.hidden = true;
    form.classList.remove("editing");
    day.value = form.dataset.day;
  }

  function resetForm() {
    desc.value = "";
    minutes.value = "";
    if (editUrl) leaveEditMode();
    clearErrors();
    desc.focus();
  }

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      body: body,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    let data = null;
    try {
      data = await response.json();
    } catch (e) {
      data = null;
    }
    return { response, data };
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    saveBtn.disabled = true;
    clearErrors();
    try {
      const { response, data } = await post(editUrl || form.action, new FormData(form));
      if (!data) {
        say("Not saved: the server answered " + response.status + ". Reload the page if you were signed out.", "error");
      } else if (!data.ok) {
        say("Not saved: fix the field marked above.", "error");
        showErrors(data.errors || {});
      } else {
        placeRow(data);
        say(data.message);
        resetForm();
      }
    } catch (e) {
      say("Could not reach the server. Your task is still in the form; press Enter to try again.", "error");
    } finally {
      busy = false;
      saveBtn.disabled = false;
    }
  });

  rows.addEventListener("click", (event) => {
    const link = event.target.closest("a.js-edit");
    if (!link) return;
    event.preventDefault();
    const row = link.closest("tr");
    desc.value = row.dataset.description;
    minutes.value = row.dataset.minutes;
    day.value = row.dataset.performedOn;
    field("matter").value = row.dataset.matter;
    field("billable").checked = row.dataset.billable === "1";
    if (field("performer")) field("performer").value = row.dataset.performer;
    editUrl = row.dataset.editUrl;
    saveBtn.textContent = "Save changes";
    cancelBtn.hidden = false;
    form.classList.add("editing");
    clearErrors();
    desc.focus();
    desc.select();
  });

  // Delete asks first: the server answers an unconfirmed post with what the deletion takes off the
  // audit, shown under the row in the page's own style; "Delete the entry" posts again, confirmed.
  function askInRow(row, del, ask) {
    const old = row.nextElementSibling;
    if (old && old.classList.contains("ql-confirm")) old.remove();
    const tr = document.createElement("tr");
    tr.className = "ql-confirm";
    const td = document.createElement("td");
    td.colSpan = row.cells.length;
    const box = document.createElement("div");
    box.className = "flash flash-warning";
    box.setAttribute("role", "alert");
    const lead = document.createElement("p");
    lead.textContent = ask.lead;
    const list = document.createElement("ul");
    list.className = "list";
    ask.consequences.forEach((line) => {
      const li = document.createElement("li");
      li.textContent = line;
      list.appendChild(li);
    });
    const yes = document.createElement("button");
    yes.type = "button";
    yes.className = "danger";
    yes.textContent = "Delete the entry";
    const no = document.createElement("button");
    no.type = "button";
    no.className = "secondary";
    no.textContent = "Keep it";
    const buttons = document.createElement("p");
    buttons.className = "actions";
    buttons.append(yes, no);
    box.append(lead, list, buttons);
    td.appendChild(box);
    tr.appendChild(td);
    row.after(tr);
    no.addEventListener("click", () => {
      tr.remove();
      del.querySelector("button").focus();
    });
    yes.addEventListener("click", () => deleteRow(row, del, tr, ask.field));
    yes.focus();
  }

  async function deleteRow(row, del, confirmRow, confirmField) {
    const body = new FormData(del);
    if (confirmField) body.set(confirmField, "yes");
    try {
      const { data } = await post(del.action, body);
      if (data && data.confirm) {
        askInRow(row, del, data.confirm);
      } else if (data && data.ok) {
        if (editUrl && editUrl === row.dataset.editUrl) resetForm();
        if (confirmRow) confirmRow.remove();
        row.remove();
        refreshDay();
        say(data.message);
        desc.focus();
      } else {
        say("Could not delete that entry. Reload the page and try again.", "error");
      }
    } catch (e) {
      say("Could not reach the server; nothing was deleted.", "error");
    }
  }

  rows.addEventListener("submit", (event) => {
    const del = event.target.closest("form.js-delete");
    if (!del) return;
    event.preventDefault();
    deleteRow(del.closest("tr"), del, null, null);
  });

  cancelBtn.addEventListener("click", resetForm);
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && editUrl) {
      event.preventDefault();
      resetForm();
    }
  });

  // --- timer: the start time lives in localStorage, so a reload or a second tab keeps it running ---
  const timerBtn = $("ql-timer");
  const display = $("ql-timer-display");
  const key = form.dataset.timerKey;
  let tick = null;
  const store = {
    get() { try { return Number(window.localStorage.getItem(key)) || null; } catch (e) { return null; } },
    set(v) { try { window.localStorage.setItem(key, String(v)); } catch (e) { /* private mode: timer lasts this page */ } },
    clear() { try { window.localStorage.removeItem(key); } catch (e) { /* ignore */ } },
  };
  let memoryStart = null;
  const startedAt = () => store.get() || memoryStart;

  function renderTimer() {
    const start = startedAt();
    if (!start) {
      display.textContent = "";
      timerBtn.textContent = "Start timer";
      timerBtn.setAttribute("aria-pressed", "false");
      return;
    }
    const secs = Math.max(0, Math.floor((Date.now() - start) / 1000));
    const mm = String(Math.floor(secs / 60));
    const ss = String(secs % 60).padStart(2, "0");
    display.textContent = "Timer running: " + mm + ":" + ss;
    timerBtn.textContent = "Stop timer";
    timerBtn.setAttribute("aria-pressed", "true");
  }

  function startTimer() {
    memoryStart = Date.now();
    store.set(memoryStart);
    clearInterval(tick);
    tick = setInterval(renderTimer, 1000);
    renderTimer();
  }

  function stopTimer() {
    const start = startedAt();
    if (!start) return;
    store.clear();
    memoryStart = null;
    clearInterval(tick);
    minutes.value = Math.min(MAX_MINUTES, Math.max(1, Math.round((Date.now() - start) / 60000)));
    renderTimer();
  }

  if (timerBtn && display) {
    timerBtn.hidden = false;
    timerBtn.addEventListener("click", () => {
      if (startedAt()) stopTimer();
      else startTimer();
      desc.focus();
    });
    document.addEventListener("keydown", (event) => {
      if (event.altKey && (event.key === "t" || event.key === "T" || event.code === "KeyT")) {
        event.preventDefault();
        timerBtn.click();
      }
    });
    // Enter while the timer runs and no minutes are typed: stop it first, so the task saves with its time.
    desc.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && startedAt() && !minutes.value) stopTimer();
    });
    if (startedAt()) {
      tick = setInterval(renderTimer, 1000);
      renderTimer();
    }
  }
})();
