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
    chartDownloads();
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

  // A roadmap's PNG and PDF are drawn here from its SVG download, so they show exactly what
  // the SVG shows and the build spends no time on them: the PNG by the browser at twice the
  // size, the PDF as vectors (shapes as paths, text as text in Helvetica, whose widths are
  // Liberation Sans' and Arial's) with the chart's title, language and description, tagged
  // as a figure.
  function chartDownloads() {
    var buttons = document.querySelectorAll("button.chart-draw");
    Array.prototype.forEach.call(buttons, function (button) {
      button.parentNode.hidden = false;
      button.addEventListener("click", function () {
        var status = button.parentNode.parentNode.querySelector(".chart-draw-status");
        if (status) {
          status.textContent = "";
        }
        button.setAttribute("aria-busy", "true");
        var draw = button.getAttribute("data-draw") === "pdf" ? chartPdf : chartPng;
        fetch(button.getAttribute("data-svg"))
          .then(function (r) {
            if (!r.ok) {
              throw new Error(r.status);
            }
            return r.text();
          })
          .then(draw)
          .then(function (blob) {
            save(blob, button.getAttribute("data-name"));
          })
          .catch(function () {
            if (status) {
              status.textContent = status.getAttribute("data-failed") || "";
            }
          })
          .then(function () {
            button.removeAttribute("aria-busy");
          });
      });
    });
  }

  function save(blob, name) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () {
      URL.revokeObjectURL(a.href);
    }, 10000);
  }

  // The chart's size in its own units (its viewBox).
  function svgSize(svg) {
    var b = svg.viewBox && svg.viewBox.baseVal;
    if (b && b.width && b.height) {
      return { w: b.width, h: b.height };
    }
    return { w: svg.width.baseVal.value || 800, h: svg.height.baseVal.value || 600 };
  }

  // The SVG text as a document of its own, laid out off screen (for sizes and styles); its
  // id and style sheet renamed so that they cannot touch the page's chart.
  function offscreen(source) {
    var doc = new DOMParser().parseFromString(source, "image/svg+xml");
    var svg = doc.documentElement;
    if (!svg || svg.nodeName.toLowerCase() !== "svg") {
      throw new Error("not an SVG");
    }
    var id = svg.getAttribute("id");
    var fresh = "forvalt-draw-" + Math.random().toString(36).slice(2);
    if (id) {
      svg.setAttribute("id", fresh);
      Array.prototype.forEach.call(svg.querySelectorAll("style"), function (st) {
        st.textContent = st.textContent.split("#" + id).join("#" + fresh);
      });
    }
    var holder = document.createElement("div");
    holder.setAttribute("aria-hidden", "true");
    holder.style.cssText = "position:absolute;left:-100000px;top:0;width:auto;height:auto;overflow:hidden;";
    var node = document.importNode(svg, true);
    holder.appendChild(node);
    document.body.appendChild(holder);
    var size = svgSize(node);
    node.setAttribute("width", size.w);
    node.setAttribute("height", size.h);
    node.style.maxWidth = "none";
    node.style.minWidth = "0";
    return { svg: node, size: size, remove: function () { holder.remove(); } };
  }

  function chartPng(source) {
    var doc = new DOMParser().parseFromString(source, "image/svg+xml");
    var root = doc.documentElement;
    var size = svgSize(root);
    root.setAttribute("width", size.w);
    root.setAttribute("height", size.h);
    // Twice the size, less where a browser cannot draw that many pixels.
    var scale = Math.min(2, 16000 / size.w, 16000 / size.h, Math.sqrt(6e7 / (size.w * size.h)));
    var text = new XMLSerializer().serializeToString(root);
    // A data: address: the site's Content-Security-Policy allows images from data:, not blob:.
    var url = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
    return new Promise(function (resolve, reject) {
      var img = new Image();
      img.onload = function () {
        var canvas = document.createElement("canvas");
        canvas.width = Math.max(1, Math.round(size.w * scale));
        canvas.height = Math.max(1, Math.round(size.h * scale));
        var g = canvas.getContext("2d");
        g.fillStyle = "#ffffff";
        g.fillRect(0, 0, canvas.width, canvas.height);
        g.drawImage(img, 0, 0, canvas.width, canvas.height);
        canvas.toBlob(function (b) {
          if (b) {
            resolve(b);
          } else {
            reject(new Error("no PNG"));
          }
        }, "image/png");
      };
      img.onerror = function () {
        reject(new Error("cannot draw the SVG"));
      };
      img.src = url;
    });
  }

  function chartPdf(source) {
    var o = offscreen(source);
    try {
      return Promise.resolve(pdfOf(o.svg, o.size));
    } finally {
      o.remove();
    }
  }

  // Numbers as PDF writes them: at most three decimals, no exponent.
  function n(v) {
    var r = Math.round(v * 1000) / 1000;
    return Object.is(r, -0) ? "0" : String(r);
  }

  // A colour and its alpha from a computed style value, or null for none.
  function colour(value) {
    var m = /rgba?\(([^)]+)\)/.exec(value || "");
    if (!m) {
      return null;
    }
    var p = m[1].split(/[\s,\/]+/).filter(Boolean).map(parseFloat);
    var a = p.length > 3 ? p[3] : 1;
    return a > 0 ? { rgb: n(p[0] / 255) + " " + n(p[1] / 255) + " " + n(p[2] / 255), a: a } : null;
  }

  // Text as WinAnsi bytes in a hex string (characters outside it as "?").
  var WIN = {
    8364: 128, 8218: 130, 402: 131, 8222: 132, 8230: 133, 8224: 134, 8225: 135, 710: 136, 8240: 137,
    352: 138, 8249: 139, 338: 140, 381: 142, 8216: 145, 8217: 146, 8220: 147, 8221: 148, 8226: 149,
    8211: 150, 8212: 151, 732: 152, 8482: 153, 353: 154, 8250: 155, 339: 156, 382: 158, 376: 159,
  };
  function winAnsi(s) {
    var out = "";
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      var b = c < 128 || (c >= 160 && c < 256) ? c : WIN[c] || 63;
      out += (b < 16 ? "0" : "") + b.toString(16);
    }
    return "<" + out + ">";
  }

  // Text as a UTF-16 hex string with its byte-order mark (titles, alternative text).
  function utf16(s) {
    var out = "<FEFF";
    for (var i = 0; i < s.length; i++) {
      out += ("000" + s.charCodeAt(i).toString(16)).slice(-4);
    }
    return out + ">";
  }

  // An elliptical arc from (x1, y1) as cubic Béziers (SVG's endpoint parameterisation turned
  // into a centre and angles, then one curve per quarter turn at most).
  function arcOps(x1, y1, rx, ry, angle, large, sweep, x2, y2) {
    if (!(rx && ry) || (x1 === x2 && y1 === y2)) {
      return [n(x2) + " " + n(y2) + " l"];
    }
    rx = Math.abs(rx);
    ry = Math.abs(ry);
    var phi = (angle * Math.PI) / 180;
    var cos = Math.cos(phi), sin = Math.sin(phi);
    var dx = (x1 - x2) / 2, dy = (y1 - y2) / 2;
    var xp = cos * dx + sin * dy, yp = -sin * dx + cos * dy;
    var lambda = (xp * xp) / (rx * rx) + (yp * yp) / (ry * ry);
    if (lambda > 1) {
      rx *= Math.sqrt(lambda);
      ry *= Math.sqrt(lambda);
    }
    var num = rx * rx * ry * ry - rx * rx * yp * yp - ry * ry * xp * xp;
    var den = rx * rx * yp * yp + ry * ry * xp * xp;
    var co = Math.sqrt(Math.max(0, num / den)) * (large === sweep ? -1 : 1);
    var cxp = (co * rx * yp) / ry, cyp = (-co * ry * xp) / rx;
    var cx = cos * cxp - sin * cyp + (x1 + x2) / 2;
    var cy = sin * cxp + cos * cyp + (y1 + y2) / 2;
    var ang = function (ux, uy, vx, vy) {
      var a = Math.atan2(ux * vy - uy * vx, ux * vx + uy * vy);
      return a;
    };
    var t1 = ang(1, 0, (xp - cxp) / rx, (yp - cyp) / ry);
    var dt = ang((xp - cxp) / rx, (yp - cyp) / ry, (-xp - cxp) / rx, (-yp - cyp) / ry);
    if (!sweep && dt > 0) {
      dt -= 2 * Math.PI;
    } else if (sweep && dt < 0) {
      dt += 2 * Math.PI;
    }
    var parts = Math.max(1, Math.ceil(Math.abs(dt) / (Math.PI / 2)));
    var step = dt / parts;
    var k = (4 / 3) * Math.tan(step / 4);
    var ops = [];
    var point = function (t) {
      var ex = rx * Math.cos(t), ey = ry * Math.sin(t);
      return [cos * ex - sin * ey + cx, sin * ex + cos * ey + cy];
    };
    var deriv = function (t) {
      var ex = -rx * Math.sin(t), ey = ry * Math.cos(t);
      return [cos * ex - sin * ey, sin * ex + cos * ey];
    };
    for (var i = 0; i < parts; i++) {
      var a = t1 + i * step, b = a + step;
      var p0 = point(a), p3 = point(b), d0 = deriv(a), d3 = deriv(b);
      ops.push([p0[0] + k * d0[0], p0[1] + k * d0[1], p3[0] - k * d3[0], p3[1] - k * d3[1], p3[0], p3[1]].map(n).join(" ") + " c");
    }
    return ops;
  }

  // A path's `d` as PDF path operators (absolute and relative M L H V C S Q T A Z).
  function pathOps(d) {
    var tokens = (d || "").match(/[MmLlHhVvCcSsQqTtAaZz]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g) || [];
    var ops = [];
    var i = 0, cmd = "", x = 0, y = 0, sx = 0, sy = 0, cx = 0, cy = 0, qx = 0, qy = 0;
    var NEED = { M: 2, L: 2, T: 2, H: 1, V: 1, C: 6, S: 4, Q: 4, A: 7 };
    var prev = "";
    function num() {
      return parseFloat(tokens[i++]);
    }
    // Whether the next `k` tokens are numbers.
    function numbers(k) {
      for (var j = i; j < i + k; j++) {
        if (j >= tokens.length || /[A-Za-z]/.test(tokens[j])) {
          return false;
        }
      }
      return true;
    }
    while (i < tokens.length) {
      if (/[A-Za-z]/.test(tokens[i])) {
        cmd = tokens[i++];
      }
      var rel = cmd === cmd.toLowerCase();
      var C = cmd.toUpperCase();
      var ox = rel ? x : 0, oy = rel ? y : 0;
      if (C === "Z") {
        ops.push("h");
        x = sx; y = sy; cx = x; cy = y; qx = x; qy = y;
        // Numbers after Z are an error: drawing stops there.
        if (i < tokens.length && !/[A-Za-z]/.test(tokens[i])) {
          break;
        }
        continue;
      }
      if (!NEED[C] || !numbers(NEED[C])) {
        break;
      }
      if (C === "M") {
        x = ox + num(); y = oy + num(); sx = x; sy = y;
        ops.push(n(x) + " " + n(y) + " m");
        cmd = rel ? "l" : "L";
      } else if (C === "L") {
        x = ox + num(); y = oy + num();
        ops.push(n(x) + " " + n(y) + " l");
      } else if (C === "T") {
        // The control point reflects the last one of a quadratic curve.
        var tqx = /[QqTt]/.test(prev) ? 2 * x - qx : x, tqy = /[QqTt]/.test(prev) ? 2 * y - qy : y;
        var tx = ox + num(), ty = oy + num();
        ops.push([x + 2 / 3 * (tqx - x), y + 2 / 3 * (tqy - y), tx + 2 / 3 * (tqx - tx), ty + 2 / 3 * (tqy - ty), tx, ty].map(n).join(" ") + " c");
        qx = tqx; qy = tqy; x = tx; y = ty;
        prev = cmd;
        cx = x; cy = y;
        continue;
      } else if (C === "H") {
        x = ox + num();
        ops.push(n(x) + " " + n(y) + " l");
      } else if (C === "V") {
        y = (rel ? y : 0) + num();
        ops.push(n(x) + " " + n(y) + " l");
      } else if (C === "C" || C === "S") {
        var x1, y1;
        if (C === "C") {
          x1 = ox + num(); y1 = oy + num();
        } else if (/[CcSs]/.test(prev)) {
          x1 = 2 * x - cx; y1 = 2 * y - cy;
        } else {
          x1 = x; y1 = y;
        }
        cx = ox + num(); cy = oy + num();
        x = ox + num(); y = oy + num();
        ops.push([x1, y1, cx, cy, x, y].map(n).join(" ") + " c");
        prev = cmd;
        continue;
      } else if (C === "Q") {
        qx = ox + num(); qy = oy + num();
        var ex = ox + num(), ey = oy + num();
        ops.push([x + 2 / 3 * (qx - x), y + 2 / 3 * (qy - y), ex + 2 / 3 * (qx - ex), ey + 2 / 3 * (qy - ey), ex, ey].map(n).join(" ") + " c");
        x = ex; y = ey;
        prev = cmd;
        cx = x; cy = y;
        continue;
      } else if (C === "A") {
        var arx = num(), ary = num(), rot = num(), lg = num(), sw = num();
        var ax = ox + num(), ay = oy + num();
        Array.prototype.push.apply(ops, arcOps(x, y, arx, ary, rot, lg ? 1 : 0, sw ? 1 : 0, ax, ay));
        x = ax; y = ay;
      } else {
        break;
      }
      prev = cmd;
      cx = x; cy = y;
    }
    return ops.join("\n");
  }

  function rectOps(x, y, w, h, r) {
    if (!(r > 0)) {
      return [x, y, w, h].map(n).join(" ") + " re";
    }
    r = Math.min(r, w / 2, h / 2);
    var k = r * 0.4477;
    return [
      n(x + r) + " " + n(y) + " m",
      n(x + w - r) + " " + n(y) + " l",
      [x + w - k, y, x + w, y + k, x + w, y + r].map(n).join(" ") + " c",
      n(x + w) + " " + n(y + h - r) + " l",
      [x + w, y + h - k, x + w - k, y + h, x + w - r, y + h].map(n).join(" ") + " c",
      n(x + r) + " " + n(y + h) + " l",
      [x + k, y + h, x, y + h - k, x, y + h - r].map(n).join(" ") + " c",
      n(x) + " " + n(y + r) + " l",
      [x, y + k, x + k, y, x + r, y].map(n).join(" ") + " c",
      "h",
    ].join("\n");
  }

  // The shape of a drawn element in its own units, or "" when it has none.
  function shapeOps(el) {
    var v = function (name) {
      return el[name] && el[name].baseVal ? el[name].baseVal.value : 0;
    };
    switch (el.nodeName.toLowerCase()) {
      case "rect":
        return v("width") > 0 && v("height") > 0 ? rectOps(v("x"), v("y"), v("width"), v("height"), v("rx") || v("ry")) : "";
      case "line":
        return n(v("x1")) + " " + n(v("y1")) + " m " + n(v("x2")) + " " + n(v("y2")) + " l";
      case "path":
        return pathOps(el.getAttribute("d"));
      case "circle":
      case "ellipse": {
        var rx = el.nodeName === "circle" ? v("r") : v("rx");
        var ry = el.nodeName === "circle" ? v("r") : v("ry");
        if (!(rx > 0 && ry > 0)) {
          return "";
        }
        var ecx = v("cx"), ecy = v("cy"), kx = rx * 0.5523, ky = ry * 0.5523;
        return [
          n(ecx + rx) + " " + n(ecy) + " m",
          [ecx + rx, ecy + ky, ecx + kx, ecy + ry, ecx, ecy + ry].map(n).join(" ") + " c",
          [ecx - kx, ecy + ry, ecx - rx, ecy + ky, ecx - rx, ecy].map(n).join(" ") + " c",
          [ecx - rx, ecy - ky, ecx - kx, ecy - ry, ecx, ecy - ry].map(n).join(" ") + " c",
          [ecx + kx, ecy - ry, ecx + rx, ecy - ky, ecx + rx, ecy].map(n).join(" ") + " c",
          "h",
        ].join("\n");
      }
      case "polygon":
      case "polyline": {
        var pts = (el.getAttribute("points") || "").trim().split(/[\s,]+/).map(parseFloat);
        var ops = [];
        for (var i = 0; i + 1 < pts.length; i += 2) {
          ops.push(n(pts[i]) + " " + n(pts[i + 1]) + (i ? " l" : " m"));
        }
        if (el.nodeName === "polygon" && ops.length) {
          ops.push("h");
        }
        return ops.join("\n");
      }
    }
    return "";
  }

  // The PDF of a laid-out SVG: one page the chart's size.
  function pdfOf(svg, size) {
    var root = svg.getScreenCTM().inverse();
    var alphas = {};
    var fonts = { F1: "Helvetica", F2: "Helvetica-Bold", F3: "Helvetica-Oblique", F4: "Helvetica-BoldOblique" };
    var out = ["/Figure <</MCID 0>> BDC", "1 0 0 -1 0 " + n(size.h) + " cm"];
    function gs(fill, stroke) {
      var key = "A" + Math.round(fill * 1000) + "_" + Math.round(stroke * 1000);
      alphas[key] = "<< /ca " + n(fill) + " /CA " + n(stroke) + " >>";
      return "/" + key + " gs";
    }
    function matrix(el) {
      var ctm = el.getScreenCTM();
      var m = ctm ? root.multiply(ctm) : { a: 1, b: 0, c: 0, d: 1, e: 0, f: 0 };
      return [m.a, m.b, m.c, m.d, m.e, m.f].map(n).join(" ");
    }
    function opacity(el) {
      var o = 1;
      for (var e = el; e && e !== svg.parentNode; e = e.parentNode) {
        if (e.nodeType === 1) {
          o *= parseFloat(getComputedStyle(e).opacity || "1");
        }
      }
      return o;
    }
    var walker = document.createTreeWalker(svg, NodeFilter.SHOW_ELEMENT, {
      acceptNode: function (el) {
        var name = el.nodeName.toLowerCase();
        // What is not drawn where it stands: text alternatives, styles, definitions.
        if (/^(title|desc|style|defs|metadata|clippath|mask|marker|symbol|pattern|lineargradient|radialgradient|filter|script|foreignobject)$/.test(name)) {
          return NodeFilter.FILTER_REJECT;
        }
        var cs = getComputedStyle(el);
        return cs.display === "none" ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      },
    });
    for (var el = walker.nextNode(); el; el = walker.nextNode()) {
      var name = el.nodeName.toLowerCase();
      var cs = getComputedStyle(el);
      if (cs.visibility === "hidden") {
        continue;
      }
      if (name === "text" || name === "tspan") {
        // A text with tspans is drawn by its tspans.
        if (name === "text" && el.querySelector("tspan")) {
          continue;
        }
        var t = el.textContent.replace(/\s+/g, " ").trim();
        var fill = colour(cs.fill);
        if (!t || !fill || el.getNumberOfChars() === 0) {
          continue;
        }
        var at = el.getStartPositionOfChar(0);
        var host = name === "tspan" ? el.closest("text") : el;
        var bold = parseInt(cs.fontWeight, 10) >= 600 || cs.fontWeight === "bold";
        var italic = cs.fontStyle === "italic" || cs.fontStyle === "oblique";
        var font = bold ? (italic ? "F4" : "F2") : italic ? "F3" : "F1";
        out.push("q " + matrix(host) + " cm", gs(fill.a * parseFloat(cs.fillOpacity || "1") * opacity(el), 1));
        out.push("BT " + fill.rgb + " rg /" + font + " " + n(parseFloat(cs.fontSize)) + " Tf 1 0 0 -1 " + n(at.x) + " " + n(at.y) + " Tm " + winAnsi(t) + " Tj ET Q");
        continue;
      }
      var ops = shapeOps(el);
      if (!ops) {
        continue;
      }
      var f = name === "line" || name === "polyline" ? null : colour(cs.fill);
      var s = colour(cs.stroke);
      var sw = parseFloat(cs.strokeWidth || "1");
      if (!(sw > 0)) {
        s = null;
      }
      if (!f && !s) {
        continue;
      }
      var op = opacity(el);
      var fa = f ? f.a * parseFloat(cs.fillOpacity || "1") * op : 1;
      var sa = s ? s.a * parseFloat(cs.strokeOpacity || "1") * op : 1;
      var dash = cs.strokeDasharray && cs.strokeDasharray !== "none" ? "[" + cs.strokeDasharray.split(/[\s,]+/).map(parseFloat).map(n).join(" ") + "] 0 d" : "[] 0 d";
      out.push("q " + matrix(el) + " cm " + gs(fa, sa));
      if (f) {
        out.push(f.rgb + " rg");
      }
      if (s) {
        out.push(s.rgb + " RG " + n(sw) + " w " + dash);
      }
      out.push(ops, (f && s ? "B" : f ? "f" : "S") + " Q");
    }
    out.push("EMC");
    var titleEl = svg.querySelector("title");
    var descEl = svg.querySelector("desc");
    var title = titleEl ? titleEl.textContent.trim() : "";
    var desc = descEl ? descEl.textContent.trim() : title;
    var lang = document.documentElement.lang || "da";
    var content = out.join("\n");
    var objects = [];
    var fontRefs = [];
    var gsRefs = [];
    // 1 catalog, 2 pages, 3 page, 4 content, 5 struct tree, 6 figure, 7 parent tree, 8 info.
    objects[1] = "<< /Type /Catalog /Pages 2 0 R /Lang " + utf16(lang) + " /MarkInfo << /Marked true >> /StructTreeRoot 5 0 R /ViewerPreferences << /DisplayDocTitle true >> >>";
    objects[2] = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";
    objects[4] = "<< /Length " + content.length + " >>\nstream\n" + content + "\nendstream";
    objects[5] = "<< /Type /StructTreeRoot /K [6 0 R] /ParentTree 7 0 R /ParentTreeNextKey 1 >>";
    objects[6] = "<< /Type /StructElem /S /Figure /P 5 0 R /Pg 3 0 R /K 0 /Alt " + utf16(desc) + " >>";
    objects[7] = "<< /Nums [0 [6 0 R]] >>";
    objects[8] = "<< /Title " + utf16(title) + " /Creator (forvalt) >>";
    var next = 9;
    Object.keys(fonts).forEach(function (k) {
      objects[next] = "<< /Type /Font /Subtype /Type1 /BaseFont /" + fonts[k] + " /Encoding /WinAnsiEncoding >>";
      fontRefs.push("/" + k + " " + next + " 0 R");
      next++;
    });
    Object.keys(alphas).sort().forEach(function (k) {
      objects[next] = alphas[k];
      gsRefs.push("/" + k + " " + next + " 0 R");
      next++;
    });
    objects[3] = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + n(size.w) + " " + n(size.h) + "] /Resources << /Font << " + fontRefs.join(" ") + " >> /ExtGState << " + gsRefs.join(" ") + " >> >> /Contents 4 0 R /StructParents 0 /Tabs /S >>";
    // Every byte above is ASCII: lengths and offsets are character counts.
    var pdf = "%PDF-1.7\n";
    var offsets = [];
    for (var i = 1; i < objects.length; i++) {
      offsets[i] = pdf.length;
      pdf += i + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    var xref = pdf.length;
    pdf += "xref\n0 " + objects.length + "\n0000000000 65535 f \n";
    for (i = 1; i < objects.length; i++) {
      pdf += ("000000000" + offsets[i]).slice(-10) + " 00000 n \n";
    }
    pdf += "trailer\n<< /Size " + objects.length + " /Root 1 0 R /Info 8 0 R >>\nstartxref\n" + xref + "\n%%EOF\n";
    return new Blob([pdf], { type: "application/pdf" });
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
    // The shard of a word: all words in one (`prefix` 0, a small site), or by their first
    // one or two letters.
    function lookup(term, prefix) {
      var n = typeof prefix === "number" ? prefix : 2;
      var key = n === 0 ? "all" : hex(Array.from(term).slice(0, n).join(""));
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
          return Promise.all(
            terms.map(function (t) {
              return lookup(t, meta.prefix);
            })
          );
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
