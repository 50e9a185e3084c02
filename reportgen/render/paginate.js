// Cuts each long table of a page about to be printed into one table a printed page, at the
// rows where Chromium's own pagination would break it. Chromium's print of one long table
// grows faster than its rows (10,000 rows: 15.6 s as one table, 10.4 s cut a page at a time;
// 2,000 rows: the same), so the page is printed as the same rows on the same pages, each
// page's rows a table of their own with the columns and the header row of the first (tagged
// as its header cells) and its caption, "continued".
//
// Run with print media emulated, once the page and its fonts are loaded. A table to cut is
// marked `data-page-body="W x H"`: the CSS px of the body of the page it prints on. Only a
// table whose section starts a page (a forced break: a heading that breaks before it, or
// another named page than the section before) is cut, as only there is it known where on
// its first page the table begins; from a row taller than a page on, the table is left whole,
// for Chromium to split that row where it falls. Returns the number of tables added.
(() => {
  const SLACK = 2; // px: a page's rows must fit with this to spare (rounding of row heights)
  let added = 0;
  for (const table of [...document.querySelectorAll("table[data-page-body]")]) {
    const [width, height] = table.dataset.pageBody.split("x").map(Number);
    table.removeAttribute("data-page-body");
    const section = table.closest("section");
    const heading = section && section.querySelector(":scope > h2");
    const body = table.tBodies[0];
    if (!heading || !body || body.rows.length < 2) continue;
    const before = section.previousElementSibling;
    const named = before && getComputedStyle(before).page !== getComputedStyle(section).page;
    if (!named && getComputedStyle(heading).breakBefore !== "page") continue;

    // measured at the width it prints at
    section.style.width = `${width}px`;
    const rows = [...body.rows];
    const tops = rows.map((row) => row.getBoundingClientRect().top);
    const bottom = body.getBoundingClientRect().bottom;
    const head = table.tHead ? table.tHead.getBoundingClientRect().height : 0;
    // a margin after a forced break is kept (CSS Fragmentation 3, section 5.2)
    const pageTop = heading.getBoundingClientRect().top - parseFloat(getComputedStyle(heading).marginTop);
    section.style.width = "";

    const pages = []; // [first row, end row) of each page
    let first = 0;
    let room = height - (tops[0] - pageTop) - SLACK;
    for (let i = 1; i <= rows.length; i++) {
      const end = i < rows.length ? tops[i] : bottom;
      if (end - tops[first] <= room) continue;
      // a row taller than a page is split where it falls, as Chromium does: the rest stays one table
      if (i - 1 === first || end - tops[i - 1] > height - head - SLACK) break;
      pages.push([first, i - 1]); // row i - 1 starts the next page
      first = i - 1;
      room = height - head - SLACK;
    }
    pages.push([first, rows.length]); // the last page's rows, or the rest left whole

    const wrap = table.parentElement.classList.contains("table-wrap") ? table.parentElement : null;
    const label = `${table.caption ? table.caption.textContent : "Table"} (continued)`;
    let after = wrap || table;
    for (const [start, end] of pages.slice(1)) {
      const part = table.cloneNode(false);
      const caption = document.createElement("caption");
      caption.className = "vh";
      caption.textContent = label;
      part.append(caption);
      for (const child of table.children) {
        if (child.tagName === "COLGROUP" || child.tagName === "THEAD") part.append(child.cloneNode(true));
      }
      const partBody = document.createElement("tbody");
      for (let i = start; i < end; i++) partBody.append(rows[i]); // (a spread of 10^5 rows would throw)
      part.append(partBody);
      const box = wrap ? wrap.cloneNode(false) : part;
      if (wrap) box.append(part);
      box.style.breakBefore = "page";
      box.style.marginTop = "0";
      after.after(box);
      after = box;
      added++;
    }
  }
  return added;
})()
