namespace BatchScoring.Orchestration.Reports;

public static partial class RunReport
{
    private const string Css = """
        :root { --done: #4e79a7; --retry: #f28e2b; --failed: #e15759; --reused: #bab0ac; --attempt: #b07aa1; --ok: #2e7d32; --ink: #1f2328; --dim: #656d76; --line: #d0d7de; }
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 1400px; padding: 16px 24px 48px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #fff; }
        h1 { font-size: 22px; margin: 8px 0; overflow-wrap: anywhere; }
        h2 { font-size: 17px; margin: 28px 0 6px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
        h3 { font-size: 15px; margin: 18px 0 6px; }
        code { font: 12.5px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f6f8fa; padding: 1px 4px; border-radius: 4px; overflow-wrap: anywhere; }
        .status { display: inline-block; padding: 1px 10px; border-radius: 12px; color: #fff; font-size: 13px; vertical-align: middle; }
        .status.succeeded { background: var(--ok); }
        .status.failed { background: var(--failed); }
        .reason { margin: 4px 0; padding: 8px 12px; border-left: 4px solid var(--failed); background: #fff5f5; overflow-wrap: anywhere; }
        .dim { color: var(--dim); }
        .note { color: var(--dim); font-style: italic; }
        table { border-collapse: collapse; }
        table.kv th { text-align: left; vertical-align: top; padding: 3px 16px 3px 0; white-space: nowrap; color: var(--dim); font-weight: 500; }
        table.kv td { padding: 3px 0; overflow-wrap: anywhere; }
        table.kv ul { margin: 0; padding-left: 18px; }
        table.grid { width: 100%; font-size: 13px; }
        table.grid th, table.grid td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
        table.grid th { background: #f6f8fa; }
        ul.samples { margin: 0; padding-left: 18px; }
        .chart { position: relative; width: 100%; }
        canvas { display: block; }
        .legend span { margin-right: 18px; white-space: nowrap; }
        .sw { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
        .sw.done { background: var(--done); } .sw.retry { background: var(--retry); } .sw.failed { background: var(--failed); } .sw.reused { background: var(--reused); } .sw.attempt { background: var(--attempt); }
        #tip { position: absolute; pointer-events: none; background: rgba(31, 35, 40, 0.92); color: #fff; padding: 6px 8px; border-radius: 4px; font-size: 12px; white-space: pre; z-index: 2; }
        """;

    /// <summary>
    /// Draws the charts from the <c>timeline-data</c> element, counts each chart's coloured pixels into its
    /// <c>data-ink</c>, then sets <c>data-rendered</c> on the body (milliseconds since the page began loading); any error
    /// sets <c>data-error</c>. Texts reach the page only through canvas text and
    /// <c>textContent</c>, never as HTML.
    /// </summary>
    private const string Script = """
        (function () {
          'use strict';
          var body = document.body;
          function fail(e) { body.dataset.error = String((e && (e.stack || e.message)) || e); }
          window.addEventListener('error', function (ev) { fail(ev.error || ev.message); });
          var COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#bab0ac', '#b07aa1'];
          var LEFT = 170, RIGHT = 16, AXIS = 26;
          var STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 15e3, 3e4, 6e4, 12e4, 3e5, 6e5, 9e5, 18e5, 36e5, 72e5, 108e5, 216e5, 432e5, 864e5];
          function num(v) { return Math.round(v).toLocaleString('en-US'); }
          function fmtTime(ms) {
            if (ms <= 0) { return '0'; }
            if (ms < 1000) { return Math.round(ms) + ' ms'; }
            var s = ms / 1000;
            if (s < 60) { return (Math.round(s * 10) / 10) + ' s'; }
            var m = Math.floor(s / 60), rs = Math.round(s % 60);
            if (m < 60) { return rs ? m + 'm ' + (rs < 10 ? '0' : '') + rs + 's' : m + 'm'; }
            var h = Math.floor(m / 60), rm = m % 60;
            return rm ? h + 'h ' + (rm < 10 ? '0' : '') + rm + 'm' : h + 'h';
          }
          function timeStep(range, ticks) {
            for (var k = 0; k < STEPS.length; k++) { if (STEPS[k] >= range / ticks) { return STEPS[k]; } }
            return Math.ceil(range / ticks / 864e5) * 864e5;
          }
          function niceStep(range, ticks) {
            var raw = Math.max(range / ticks, 1e-9), p = Math.pow(10, Math.floor(Math.log10(raw))), m = raw / p;
            return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
          }
          function setup(canvas, height) {
            var w = Math.max(480, Math.floor(canvas.parentElement.clientWidth));
            var dpr = window.devicePixelRatio || 1;
            canvas.style.width = w + 'px';
            canvas.style.height = height + 'px';
            canvas.width = Math.round(w * dpr);
            canvas.height = Math.round(height * dpr);
            var ctx = canvas.getContext('2d');
            ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
            ctx.clearRect(0, 0, w, height);
            ctx.font = '11px system-ui, sans-serif';
            return { ctx: ctx, w: w, h: height };
          }
          function timeAxis(ctx, x0, x1, y, endMs) {
            var step = timeStep(endMs, Math.max(2, Math.floor((x1 - x0) / 90)));
            ctx.strokeStyle = '#d0d7de';
            ctx.fillStyle = '#656d76';
            ctx.textAlign = 'center';
            ctx.textBaseline = 'top';
            ctx.beginPath();
            ctx.moveTo(x0, y + 0.5);
            ctx.lineTo(x1, y + 0.5);
            for (var t = 0; t <= endMs; t += step) {
              var x = Math.round(x0 + (t / endMs) * (x1 - x0)) + 0.5;
              ctx.moveTo(x, y);
              ctx.lineTo(x, y + 4);
              // A label at the right end would be cut by the canvas edge: it ends at its tick instead.
              var text = fmtTime(t);
              ctx.textAlign = x + ctx.measureText(text).width / 2 > x1 + RIGHT ? 'right' : 'center';
              ctx.fillText(text, x, y + 6);
            }
            ctx.stroke();
          }
          // Counts (whole: mini-batches) step by at least 1, so that a small maximum is not labelled 0, 1, 1.
          function valueAxis(ctx, x0, x1, yTop, yBottom, max, label, whole) {
            var step = whole ? Math.max(1, niceStep(max, 4)) : niceStep(max, 4);
            ctx.strokeStyle = '#eef1f4';
            ctx.fillStyle = '#656d76';
            ctx.textAlign = 'right';
            ctx.textBaseline = 'middle';
            ctx.beginPath();
            for (var v = 0; v <= max + step / 2; v += step) {
              var y = Math.round(yBottom - (v / max) * (yBottom - yTop)) + 0.5;
              ctx.moveTo(x0, y);
              ctx.lineTo(x1, y);
              ctx.fillText(num(v), x0 - 6, y);
            }
            ctx.stroke();
            ctx.save();
            ctx.translate(12, (yTop + yBottom) / 2);
            ctx.rotate(-Math.PI / 2);
            ctx.textAlign = 'center';
            ctx.fillText(label, 0, 0);
            ctx.restore();
          }
          function drawThroughput(d) {
            var c = setup(document.getElementById('throughput-chart'), 200), ctx = c.ctx;
            var x0 = LEFT, x1 = c.w - RIGHT, top = 10, bottom = c.h - AXIS, v = d.throughput, max = 0;
            for (var b = 0; b < v.length; b++) { if (v[b] > max) { max = v[b]; } }
            max = max > 0 ? niceStep(max, 4) * Math.ceil(max / niceStep(max, 4)) : 1;
            valueAxis(ctx, x0, x1, top, bottom, max, 'items / s');
            function x(t) { return x0 + (Math.min(t, d.endMs) / d.endMs) * (x1 - x0); }
            function y(value) { return bottom - (value / max) * (bottom - top); }
            ctx.beginPath();
            ctx.moveTo(x(0), bottom);
            for (b = 0; b < v.length; b++) {
              ctx.lineTo(x(b * d.bucketMs), y(v[b]));
              ctx.lineTo(x((b + 1) * d.bucketMs), y(v[b]));
            }
            ctx.lineTo(x(v.length * d.bucketMs), bottom);
            ctx.closePath();
            ctx.fillStyle = 'rgba(78, 121, 167, 0.35)';
            ctx.fill();
            ctx.strokeStyle = '#4e79a7';
            ctx.stroke();
            timeAxis(ctx, x0, x1, bottom, d.endMs);
          }
          var lanes = null;
          function drawLanes(d) {
            var rows = d.rowStart.length - 1, gap = 4, rh = Math.max(1, Math.min(14, Math.floor(520 / Math.max(1, rows))));
            var height = 8 + rows * rh + d.laneRows.length * gap + AXIS;
            var c = setup(document.getElementById('lanes-chart'), height), ctx = c.ctx;
            var x0 = LEFT, x1 = c.w - RIGHT, scale = (x1 - x0) / d.endMs;
            var rowY = new Float64Array(rows), laneOfRow = new Int32Array(rows), r = 0, y = 8;
            ctx.textAlign = 'right';
            ctx.textBaseline = 'middle';
            for (var lane = 0; lane < d.laneRows.length; lane++) {
              var laneTop = y;
              for (var k = 0; k < d.laneRows[lane]; k++, r++) { rowY[r] = y; laneOfRow[r] = lane; y += rh; }
              ctx.fillStyle = lane % 2 ? '#ffffff' : '#f6f8fa';
              ctx.fillRect(0, laneTop - gap / 2, c.w, y - laneTop + gap);
              ctx.fillStyle = '#1f2328';
              var name = d.workers[lane];
              while (name.length > 4 && ctx.measureText(name).width > LEFT - 12) { name = '\u2026' + name.slice(2); }
              ctx.fillText(name, LEFT - 8, (laneTop + y) / 2);
              y += gap;
            }
            var cat = new Uint8Array(d.s.length);
            for (var i = 0; i < cat.length; i++) { cat[i] = d.o[i] === 1 ? 2 : d.o[i] === 2 ? 3 : d.o[i] === 3 ? 4 : d.a[i] > 1 ? 1 : 0; }
            // Bars of one colour that touch at this scale are drawn as one rectangle: a row of thousands of
            // mini-batches shorter than a pixel is a few rectangles, not thousands.
            // Whole pixels, so that touching bars leave no seam; retries and failures at least 2 px wide, to be seen.
            var bh = rh > 3 ? rh - 1 : rh, order = [0, 3, 1, 4, 2], minWidth = [1, 2, 2, 1, 2];
            for (var p = 0; p < order.length; p++) {
              ctx.fillStyle = COLORS[order[p]];
              for (r = 0; r < rows; r++) {
                var top = rowY[r], end = d.rowStart[r + 1], from = -1, to = -1;
                for (i = d.rowStart[r]; i < end; i++) {
                  if (cat[i] !== order[p]) { continue; }
                  var left = Math.floor(x0 + d.s[i] * scale), right = Math.max(left + minWidth[order[p]], Math.ceil(x0 + (d.s[i] + d.d[i]) * scale));
                  if (from >= 0 && left <= to) { if (right > to) { to = right; } continue; }
                  if (from >= 0) { ctx.fillRect(from, top, to - from, bh); }
                  from = left;
                  to = right;
                }
                if (from >= 0) { ctx.fillRect(from, top, to - from, bh); }
              }
            }
            timeAxis(ctx, x0, x1, y, d.endMs);
            lanes = { rowY: rowY, laneOfRow: laneOfRow, rh: rh, x0: x0, scale: scale };
          }
          function drawHistogram(d) {
            var c = setup(document.getElementById('histogram-chart'), 200), ctx = c.ctx;
            var x0 = LEFT, x1 = c.w - RIGHT, top = 10, bottom = c.h - AXIS, h = d.histogram, max = 1;
            for (var b = 0; b < h.length; b++) { if (h[b] > max) { max = h[b]; } }
            var hs = Math.max(1, niceStep(max, 4));
            max = hs * Math.ceil(max / hs);
            valueAxis(ctx, x0, x1, top, bottom, max, 'mini-batches', true);
            var bw = (x1 - x0) / h.length;
            for (b = 0; b < h.length; b++) {
              if (h[b] > 0) {
                var y = bottom - (h[b] / max) * (bottom - top);
                ctx.fillStyle = d.overflow && b === h.length - 1 ? '#f28e2b' : '#4e79a7';
                ctx.fillRect(x0 + b * bw + 1, y, Math.max(1, bw - 2), Math.max(1, bottom - y));
              }
            }
            if (d.overflow) {
              // The last bin holds every mini-batch longer than the others' range.
              ctx.fillStyle = '#1f2328';
              ctx.textAlign = 'right';
              ctx.textBaseline = 'top';
              ctx.fillText('last bar: \u2265 ' + fmtTime((h.length - 1) * d.binMs) + ' (' + num(h[h.length - 1]) + ')', x1, top);
            }
            timeAxis(ctx, x0, x1, bottom, h.length * d.binMs);
          }
          function undelta(d) {
            for (var r = 0; r + 1 < d.rowStart.length; r++) {
              for (var k = d.rowStart[r], s = 0, i = 0; k < d.rowStart[r + 1]; k++) {
                s += d.s[k];
                i += d.i[k];
                d.s[k] = s;
                d.i[k] = i;
              }
            }
          }
          function drawAll(d) { drawThroughput(d); drawLanes(d); drawHistogram(d); inked(); }
          // Each chart's count of coloured pixels (one in 4 sampled) as data-ink: a check, for a person's browser and
          // for the tests' headless one, that the chart is drawn and not blank (axes and labels are grey).
          function inked() {
            var canvases = document.getElementsByTagName('canvas');
            for (var c = 0; c < canvases.length; c++) {
              var cv = canvases[c], px = cv.getContext('2d').getImageData(0, 0, cv.width, cv.height).data, ink = 0;
              for (var q = 0; q < px.length; q += 16) {
                if (px[q + 3] > 0 && Math.abs(px[q] - px[q + 1]) + Math.abs(px[q + 1] - px[q + 2]) > 40) { ink++; }
              }
              cv.dataset.ink = String(ink);
            }
          }
          function hover(d) {
            var canvas = document.getElementById('lanes-chart'), tip = document.getElementById('tip');
            canvas.addEventListener('mouseleave', function () { tip.hidden = true; });
            canvas.addEventListener('mousemove', function (ev) {
              var box = canvas.getBoundingClientRect(), px = ev.clientX - box.left, py = ev.clientY - box.top, L = lanes;
              var lo = 0, hi = L.rowY.length - 1, r = -1;
              while (lo <= hi) { var mid = (lo + hi) >> 1; if (L.rowY[mid] <= py) { r = mid; lo = mid + 1; } else { hi = mid - 1; } }
              var found = -1;
              if (r >= 0 && py < L.rowY[r] + L.rh) {
                var t = (px - L.x0) / L.scale, slack = 2 / L.scale;
                lo = d.rowStart[r]; hi = d.rowStart[r + 1] - 1;
                var k = -1;
                while (lo <= hi) { mid = (lo + hi) >> 1; if (d.s[mid] <= t + slack) { k = mid; lo = mid + 1; } else { hi = mid - 1; } }
                if (k >= 0 && d.s[k] + d.d[k] + slack >= t) { found = k; }
              }
              if (found < 0) { tip.hidden = true; return; }
              var outcome = ['done', 'failed', 'reused', 'attempt failed, tried again or failed'][d.o[found]] || '?';
              tip.textContent = 'mini-batch ' + d.i[found] + ' (attempt ' + d.a[found] + ', ' + outcome + ')\n' +
                'worker ' + d.workers[L.laneOfRow[r]] + '\n' +
                fmtTime(d.s[found]) + ' \u2192 ' + fmtTime(d.s[found] + d.d[found]) + ' (' + (d.d[found] / 1000).toFixed(2) + ' s)\n' +
                num(d.n[found]) + ' items, ' + num(d.f[found]) + ' failed\n' +
                'input ' + (d.inputs[d.in[found]] || '?');
              tip.hidden = false;
              tip.style.left = Math.min(px + 14, box.width - tip.offsetWidth - 4) + 'px';
              tip.style.top = (py + 14) + 'px';
            });
          }
          try {
            var el = document.getElementById('timeline-data');
            if (el) {
              var data = JSON.parse(el.textContent);
              undelta(data);
              drawAll(data);
              hover(data);
              var timer = 0;
              window.addEventListener('resize', function () {
                clearTimeout(timer);
                timer = setTimeout(function () { try { drawAll(data); } catch (e) { fail(e); } }, 150);
              });
            }
            body.dataset.rendered = String(Math.round(performance.now()));
          } catch (e) {
            fail(e);
          }
        })();
        """;
}
