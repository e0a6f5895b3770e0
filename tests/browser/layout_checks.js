// What a reader would call broken layout, measured in the rendered page (tests/browser/layout.py).
// Returns {wide, clipped, runs, broken, tiny}: lists of "what · where" strings, empty when the page reads cleanly.
() => {
  const skip = 'script, style, noscript, template, select, option, textarea, input, .visually-hidden, .skip-link';
  const shown = (el) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) && !el.closest(skip);
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  const where = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 3; e = e.parentElement) parts.unshift(name(e));
    return parts.join(' > ');
  };
  const quote = (s) => JSON.stringify(s.replace(/\s+/g, ' ').trim().slice(0, 60));
  const glyph = (node, i) => {
    const r = document.createRange();
    r.setStart(node, i);
    r.setEnd(node, i + 1);
    return r.getBoundingClientRect();
  };
  const letter = /[\p{L}\p{N}]/u;
  const out = { wide: [], clipped: [], runs: [], broken: [], tiny: [] };
  const viewport = document.documentElement.clientWidth;

  // (a) the page itself scrolls sideways: name the outermost boxes past the right edge.
  if (document.scrollingElement.scrollWidth > viewport) {
    const past = (el) => el.getBoundingClientRect().right > viewport + 1;
    for (const el of document.querySelectorAll('body *')) {
      if (past(el) && shown(el) && !(el.parentElement && past(el.parentElement))) out.wide.push(where(el));
    }
    out.wide.unshift(`page is ${document.scrollingElement.scrollWidth} px wide in ${viewport} px`);
  }

  // (b) a box that hides or scrolls away part of its content: a strip cut at the edge, an ellipsis.
  for (const el of document.querySelectorAll('body *')) {
    if (!shown(el) || el.closest('[data-scrolls]')) continue; // data-scrolls: a scroller on purpose
    const cs = getComputedStyle(el);
    const cutsX = ['hidden', 'clip', 'auto', 'scroll'].includes(cs.overflowX) || cs.textOverflow === 'ellipsis';
    const cutsY = ['hidden', 'clip'].includes(cs.overflowY);
    if ((cutsX && el.scrollWidth > el.clientWidth + 1) || (cutsY && el.scrollHeight > el.clientHeight + 1)) {
      out.clipped.push(`${where(el)} shows ${el.clientWidth}×${el.clientHeight} of ${el.scrollWidth}×${el.scrollHeight}`);
    }
  }

  // Every piece of text a reader sees, in reading order.
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.data.trim() && node.parentElement && shown(node.parentElement)) texts.push(node);
  }

  for (let k = 0; k < texts.length; k++) {
    const node = texts[k];
    const size = parseFloat(getComputedStyle(node.parentElement).fontSize);
    // (e) text drawn too small to read: a font size, times the scale of an SVG's view box.
    const svg = node.parentElement.closest('svg');
    const scale = svg && svg.viewBox.baseVal && svg.viewBox.baseVal.width
      ? svg.getBoundingClientRect().width / svg.viewBox.baseVal.width : 1;
    if (size * scale < 9) out.tiny.push(`${quote(node.data)} at ${(size * scale).toFixed(1)} px in ${where(node.parentElement)}`);

    // (d) a word split across two lines ("Onboardin/g"): letters only, so addresses may wrap.
    const range = document.createRange();
    range.selectNodeContents(node);
    if (range.getClientRects().length > 1) {
      for (const m of node.data.matchAll(/(?<!\S)\p{L}{2,}(?=[\s.,;:!?)]|$)/gu)) {
        const a = glyph(node, m.index), b = glyph(node, m.index + m[0].length - 1);
        if (a.width && b.width && b.top > a.bottom - 1) {
          out.broken.push(`${quote(m[0])} in ${where(node.parentElement)}`);
          break;
        }
      }
    }

    // (c) two pieces of text that touch on one line with no space ("outsourcingsince"), or overlap.
    if (k === 0) continue;
    const prev = texts[k - 1];
    const a = prev.data.replace(/\s+$/, ''), b = node.data.replace(/^\s+/, '');
    const r1 = glyph(prev, a.length - 1), r2 = glyph(node, node.data.length - b.length);
    if (!r1.width || !r2.width) continue;
    const sameLine = Math.abs((r1.top + r1.bottom) / 2 - (r2.top + r2.bottom) / 2) < Math.min(r1.height, r2.height) / 2;
    const gap = r2.left - r1.right;
    const touching = letter.test(a[a.length - 1]) && letter.test(b[0]) && gap > -2 && gap < 2;
    const overlapping = gap <= -2 && r2.right > r1.left + 2;
    if (sameLine && (touching || overlapping)) {
      out.runs.push(`${quote(a.slice(-30) + '|' + b.slice(0, 30))} in ${where(node.parentElement)}`);
    }
  }
  return out;
}
