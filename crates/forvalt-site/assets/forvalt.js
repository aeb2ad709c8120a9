// forvalt's small script: the menu button on narrow screens, the whole menu with
// expanders, keyboard access to wide tables, and the search page. Everything else works
// without JavaScript.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function ready() {
    var button = document.querySelector(".menu-button");
    var nav = document.getElementById("menu");
    if (button && nav) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        button.setAttribute("aria-expanded", String(open));
        document.body.classList.toggle("menu-open", open);
      });
    }
    if (nav) {
      fullMenu(nav);
    }
    markScrollable();
    filters();
    charts();
    window.addEventListener("resize", markScrollable);
    var page = document.querySelector(".search-page");
    if (page) {
      searchPage(page);
    }
  }

  // The whole menu, as just-the-docs shows it: every entry, an expander for each branch,
  // the current page's branch open. Pages carry only the top level and their own branch
  // (so the site grows linearly); the whole menu is one shared file. When it cannot be
  // loaded, the page's own menu stays.
  function fullMenu(nav) {
    var src = nav.getAttribute("data-menu");
    var list = nav.querySelector("ul.nav-list:not(.nav-external)");
    if (!src || !list || !window.fetch) {
      return;
    }
    var root = document.body.getAttribute("data-root") || "";
    var here = document.body.getAttribute("data-url") || "";
    var ids = 0;
    function label(title) {
      return text(nav.getAttribute("data-subpages") || "{title}", { title: title });
    }
    function toggle(button, list) {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      list.hidden = !open;
    }
    function build(items, name) {
      var ul = document.createElement("ul");
      ul.className = "nav-list nav-tree";
      if (name) {
        ul.setAttribute("aria-label", name);
      }
      var holdsCurrent = false;
      items.forEach(function (item) {
        var li = document.createElement("li");
        li.className = "nav-item";
        var a = document.createElement("a");
        // Always from a folder (`./`, `../`): a page named `javascript:x.md` stays a path.
        a.href = (root || "./") + item.u.replace(/^\//, "");
        a.textContent = item.t;
        var current = item.u === here;
        if (current) {
          a.setAttribute("aria-current", "page");
          holdsCurrent = true;
        }
        li.appendChild(a);
        if (item.c && item.c.length) {
          var sub = build(item.c, label(item.t));
          var button = document.createElement("button");
          var open = current || sub.holdsCurrent;
          sub.ul.id = "menu-branch-" + ++ids;
          sub.ul.hidden = !open;
          button.type = "button";
          button.className = "nav-expander";
          button.setAttribute("aria-controls", sub.ul.id);
          button.setAttribute("aria-expanded", String(open));
          button.setAttribute("aria-label", label(item.t));
          button.addEventListener("click", toggle.bind(null, button, sub.ul));
          li.classList.add("has-children");
          li.appendChild(button);
          li.appendChild(sub.ul);
          holdsCurrent = holdsCurrent || sub.holdsCurrent;
        }
        ul.appendChild(li);
      });
      return { ul: ul, holdsCurrent: holdsCurrent };
    }
    fetch(src)
      .then(function (r) {
        if (!r.ok) {
          throw new Error(r.status);
        }
        return r.json();
      })
      .then(function (menu) {
        if (menu && Array.isArray(menu.items) && menu.items.length) {
          list.parentNode.replaceChild(build(menu.items, "").ul, list);
        }
      })
      .catch(function () {});
  }

  // A table or code block wider than the page scrolls; keyboard users must reach it.
  function markScrollable() {
    var boxes = document.querySelectorAll(".page-content table, .page-content pre");
    Array.prototype.forEach.call(boxes, function (el) {
      if (el.scrollWidth > el.clientWidth + 1) {
        el.setAttribute("tabindex", "0");
      } else if (el.getAttribute("tabindex") === "0") {
        el.removeAttribute("tabindex");
      }
    });
  }

  // Readable roadmaps scroll sideways on narrow screens: the section names move along so
  // they stay in view, the box is a tab stop only when there is something to scroll, and
  // the link to the table opens it.
  function charts() {
    var boxes = document.querySelectorAll(".chart-scroll");
    Array.prototype.forEach.call(boxes, function (box) {
      var svg = box.querySelector("svg");
      var names = svg && svg.querySelector("g.sectionTitles");
      function follow() {
        if (!names) {
          return;
        }
        var box_ = svg.viewBox && svg.viewBox.baseVal;
        var scale = box_ && box_.width ? svg.getBoundingClientRect().width / box_.width : 1;
        var dx = box.scrollLeft / (scale || 1);
        names.setAttribute("transform", dx > 0 ? "translate(" + dx + ",0)" : "");
        box.classList.toggle("is-scrolled", dx > 0);
      }
      function focusable() {
        if (box.scrollWidth > box.clientWidth + 1) {
          box.setAttribute("tabindex", "0");
        } else {
          box.removeAttribute("tabindex");
        }
      }
      box.addEventListener("scroll", follow, { passive: true });
      window.addEventListener("resize", function () {
        focusable();
        follow();
      });
      focusable();
    });
    var links = document.querySelectorAll(".chart-table-link a");
    Array.prototype.forEach.call(links, function (a) {
      a.addEventListener("click", function () {
        var target = document.getElementById(a.getAttribute("href").slice(1));
        if (target && target.tagName === "DETAILS") {
          target.open = true;
        }
      });
    });
  }

  function text(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, k) {
      return values[k] === undefined ? "" : String(values[k]);
    });
  }

  // The search page: forvalt's index (see `search/meta.json`) is read with a few requests
  // to this site; words are looked up as written, or by prefix while typing.
  function searchPage(page) {
    var input = page.querySelector("input[name=q]");
    var status = page.querySelector(".search-status");
    var list = page.querySelector(".search-results");
    var header = document.getElementById("sog");
    var base = new URL(page.dataset.index, window.location.href);
    var root = new URL(document.body.dataset.root || "./", window.location.href);
    var cache = {};
    var generation = 0;

    function load(path) {
      if (!cache[path]) {
        cache[path] = fetch(new URL(path, base).href)
          .then(function (r) {
            return r.ok ? r.json() : null;
          })
          .catch(function () {
            return null;
          });
      }
      return cache[path];
    }
    function own(o, k) {
      return Object.prototype.hasOwnProperty.call(o, k);
    }
    function hex(s) {
      return Array.prototype.map
        .call(new TextEncoder().encode(s), function (b) {
          return (b < 16 ? "0" : "") + b.toString(16);
        })
        .join("");
    }
    function words(s) {
      var seen = {};
      return s
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter(function (w) {
          if (Array.from(w).length < 2 || own(seen, w)) {
            return false;
          }
          seen[w] = true;
          return true;
        });
    }
    function lookup(term) {
      var key = hex(Array.from(term).slice(0, 2).join(""));
      return load("w/" + key + ".json").then(function (shard) {
        var pages = new Map();
        var forms = [];
        if (!shard) {
          return { pages: pages, forms: forms };
        }
        var ks = new Set();
        if (own(shard.w, term)) {
          ks.add(shard.w[term]);
        } else {
          Object.keys(shard.w).some(function (w) {
            if (w.indexOf(term) === 0) {
              ks.add(shard.w[w]);
            }
            return ks.size >= 30;
          });
        }
        Object.keys(shard.w).forEach(function (w) {
          if (ks.has(shard.w[w])) {
            forms.push(w);
          }
        });
        ks.forEach(function (k) {
          var p = shard.p[k] || [];
          for (var i = 0; i + 1 < p.length; i += 2) {
            pages.set(p[i], Math.max(pages.get(p[i]) || 0, p[i + 1]));
          }
        });
        return { pages: pages, forms: forms };
      });
    }
    function escapeHtml(s) {
      return s.replace(/[&<>"']/g, function (c) {
        return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
      });
    }
    function excerpt(text, forms) {
      var lower = text.toLowerCase();
      var at = -1;
      forms.forEach(function (f) {
        var re = new RegExp("(?<![\\p{L}\\p{N}])" + f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "u");
        var m = re.exec(lower);
        if (m && (at < 0 || m.index < at)) {
          at = m.index;
        }
      });
      var start = Math.max(0, at - 60);
      if (start > 0) {
        var space = text.indexOf(" ", start);
        start = space >= 0 && space < at ? space + 1 : start;
      }
      var part = text.slice(start, start + 220);
      var html = escapeHtml(part);
      if (forms.length) {
        var alts = forms
          .slice()
          .sort(function (a, b) {
            return b.length - a.length;
          })
          .map(function (f) {
            return escapeHtml(f).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
          })
          .join("|");
        html = html.replace(new RegExp("(?<![\\p{L}\\p{N}])(" + alts + ")", "giu"), "<mark>$1</mark>");
      }
      return (start > 0 ? "… " : "") + html + (start + 220 < text.length ? " …" : "");
    }
    function show(message) {
      status.textContent = message;
    }

    function run(query) {
      var mine = ++generation;
      list.textContent = "";
      var terms = words(query);
      if (!terms.length) {
        show("");
        return;
      }
      show(page.dataset.loading);
      var meta;
      load("meta.json")
        .then(function (m) {
          meta = m || { pages: 1, pageBlock: 500, textBlock: 50 };
          return Promise.all(terms.map(lookup));
        })
        .then(function (found) {
          var score = function (all) {
            var scores = new Map();
            var counts = new Map();
            found.forEach(function (t) {
              var idf = Math.log(1 + meta.pages / (1 + t.pages.size));
              t.pages.forEach(function (w, p) {
                scores.set(p, (scores.get(p) || 0) + (w / (w + 1.2)) * idf);
                counts.set(p, (counts.get(p) || 0) + 1);
              });
            });
            var out = [];
            scores.forEach(function (s, p) {
              if (!all || counts.get(p) === found.length) {
                out.push([p, s]);
              }
            });
            return out;
          };
          var hits = score(true);
          if (!hits.length) {
            hits = score(false);
          }
          hits.sort(function (a, b) {
            return b[1] - a[1] || a[0] - b[0];
          });
          hits = hits.slice(0, 30);
          var forms = [];
          found.forEach(function (t) {
            forms = forms.concat(t.forms);
          });
          var blocks = {};
          hits.forEach(function (h) {
            blocks["p/" + Math.floor(h[0] / meta.pageBlock) + ".json"] = true;
            blocks["t/" + Math.floor(h[0] / meta.textBlock) + ".json"] = true;
          });
          return Promise.all(Object.keys(blocks).map(load)).then(function () {
            return Promise.all(
              hits.map(function (h) {
                return Promise.all([
                  load("p/" + Math.floor(h[0] / meta.pageBlock) + ".json"),
                  load("t/" + Math.floor(h[0] / meta.textBlock) + ".json")
                ]).then(function (b) {
                  var info = (b[0] || [])[h[0] % meta.pageBlock] || ["", ""];
                  var text = (b[1] || [])[h[0] % meta.textBlock] || "";
                  return { url: info[0], title: info[1], excerpt: excerpt(text, forms) };
                });
              })
            );
          });
        })
        .then(function (results) {
          if (mine !== generation) {
            return;
          }
          if (!results.length) {
            show(text(page.dataset.noResults, { q: query }));
            return;
          }
          show(
            results.length === 1
              ? text(page.dataset.oneResult, { q: query })
              : text(page.dataset.results, { n: results.length, q: query })
          );
          results.forEach(function (r) {
            var li = document.createElement("li");
            var a = document.createElement("a");
            a.href = new URL(r.url, root).href;
            a.textContent = r.title || r.url;
            var p = document.createElement("p");
            p.innerHTML = r.excerpt; // escaped above; only <mark> is added
            li.appendChild(a);
            li.appendChild(p);
            list.appendChild(li);
          });
        })
        .catch(function (e) {
          show(String(e));
        });
    }

    var query = (new URLSearchParams(window.location.search).get("q") || "").trim();
    input.value = query;
    if (header) {
      header.value = query;
    }
    var timer;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        var url = new URL(window.location.href);
        url.searchParams.set("q", q);
        window.history.replaceState(null, "", url.href);
        run(q);
      }, 200);
    });
    if (query) {
      run(query);
    } else {
      input.focus();
    }
  }

  // Decision log filters: the table is complete without JavaScript; the filters hide rows.
  function filters() {
    var form = document.querySelector("form[data-filters]");
    if (!form) return;
    var table = document.getElementById(form.getAttribute("data-filters"));
    if (!table) return;
    form.hidden = false;
    var selects = form.querySelectorAll("select[data-filter]");
    var count = form.querySelector(".filter-count");
    var lang = document.documentElement.lang || "da";
    function apply() {
      var rows = table.tBodies[0].rows, shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var ok = true;
        for (var j = 0; j < selects.length; j++) {
          var v = selects[j].value, key = selects[j].getAttribute("data-filter");
          if (v && (" " + (rows[i].getAttribute("data-" + key) || "") + " ").indexOf(" " + v + " ") < 0) ok = false;
        }
        rows[i].hidden = !ok;
        if (ok) shown++;
      }
      if (count) count.textContent = lang === "da" ? "Viser " + shown + " af " + rows.length + " beslutninger" : "Showing " + shown + " of " + rows.length + " decisions";
    }
    for (var k = 0; k < selects.length; k++) selects[k].addEventListener("change", apply);
    apply();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();

// Årshjul: a meeting on the wheel opens its page on a click (the table has the same links
// for the keyboard).
document.querySelectorAll(".aarshjul-svg [data-href]").forEach((el) => {
  el.addEventListener("click", () => {
    window.location.href = el.getAttribute("data-href");
  });
});
