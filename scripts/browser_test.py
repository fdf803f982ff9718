#!/usr/bin/env python3
"""Browser test of the HTML report, in headless Chromium (Debian's `chromium` package).

Renders `report fixtures/ --format html`, opens it in headless Chromium driven over the
DevTools protocol (through a pipe: no network port, no extra Python package), and checks:

- the page loaded with no console error, no exception and no script on it;
- every event has its section, every row its chart, events with blame their blame diagram,
  and the quotes are on screen with their figures marked;
- an Arabic quote is drawn with one of the fonts the Arabic rules name (not a fallback);
- at 1280 px nothing runs off the page; printed to A4 it gives pages and every chart fits;
- a report of hostile articles (script tags, attribute breakouts, bidi overrides) loads
  with no script and no console error, and shows the hostile text as text.

It writes target/browser/report-full.png, report.pdf, the top of the page to docs/report.png
and the first event with a conflict to docs/report-conflict.png (--screenshot PATH to change). Installs chromium and fonts with apt-get when
they are missing. Exit code 0 when every check passed, 1 otherwise.

Usage: python3 scripts/browser_test.py [--binary target/release/crosscheck] [--screenshot PATH]
"""

import argparse
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "target", "browser")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
]
# A4 less the page's 12 mm margins, in CSS pixels (96 per inch).
A4_CONTENT_PX = int((210 - 24) / 25.4 * 96)

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def ensure_chromium():
    """Debian's chromium and fonts with Arabic glyphs, installed when missing."""
    have_fonts = subprocess.run(
        ["sh", "-c", "fc-list 2>/dev/null | grep -q 'Noto Naskh Arabic'"]
    ).returncode == 0
    chromium = shutil.which("chromium")
    if chromium and have_fonts:
        return chromium
    packages = ["chromium", "fonts-noto-core", "fontconfig"]
    print("installing " + " ".join(packages), flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    cmd = ["apt-get", "install", "-y", "--no-install-recommends"] + packages
    if os.geteuid() != 0:
        cmd = ["sudo"] + cmd
    if subprocess.run(cmd, env=env).returncode != 0:
        update = ["apt-get", "update"] if os.geteuid() == 0 else ["sudo", "apt-get", "update"]
        subprocess.run(update, env=env, check=True)
        subprocess.run(cmd, env=env, check=True)
    return shutil.which("chromium") or "/usr/bin/chromium"


class Browser:
    """Chromium driven over --remote-debugging-pipe: JSON messages ending in NUL on fds 3/4."""

    def __init__(self, binary):
        self.profile = tempfile.mkdtemp(prefix="crosscheck-chromium-")
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()

        def pipes():
            # Out of the way first: either pipe end may already sit on fd 3 or 4.
            r, w = os.dup(to_browser_r), os.dup(from_browser_w)
            r, w = os.dup2(r, 100), os.dup2(w, 101)
            os.dup2(r, 3)
            os.dup2(w, 4)

        self.proc = subprocess.Popen(
            [binary, *CHROMIUM_FLAGS, "--user-data-dir=" + self.profile, "about:blank"],
            preexec_fn=pipes,
            close_fds=False,
            stdout=subprocess.DEVNULL,
            stderr=open(os.path.join(OUT, "chromium.log"), "w"),
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.buf = b""
        self.next_id = 0
        self.events = []

    def _read(self, deadline):
        while b"\0" not in self.buf:
            if time.time() > deadline:
                raise TimeoutError("no answer from chromium")
            chunk = os.read(self.from_browser, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the pipe (see target/browser/chromium.log)")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def send(self, method, params=None, session=None, timeout=60):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_browser, json.dumps(msg).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            m = self._read(deadline)
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def wait_for(self, method, timeout=60):
        deadline = time.time() + timeout
        for i, m in enumerate(self.events):
            if m.get("method") == method:
                return self.events.pop(i)
        while True:
            m = self._read(deadline)
            if m.get("method") == method:
                return m
            self.events.append(m)

    def close(self):
        try:
            self.send("Browser.close", timeout=10)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


class Tab:
    """One page: opened, loaded, its console errors gathered."""

    def __init__(self, browser, url, width=1280, height=900):
        self.b = browser
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.s = browser.send(
            "Target.attachToTarget", {"targetId": target, "flatten": True}
        )["sessionId"]
        for domain in ["Page", "Runtime", "Log", "DOM", "CSS"]:
            self.call(domain + ".enable")
        self.size(width, height)
        browser.events.clear()
        self.call("Page.navigate", {"url": url})
        browser.wait_for("Page.loadEventFired")
        # Fonts load after the load event; layout and font checks want them settled.
        self.js("document.fonts.ready.then(() => true)", wait=True)

    def call(self, method, params=None, timeout=60):
        return self.b.send(method, params, session=self.s, timeout=timeout)

    def size(self, width, height):
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )

    def js(self, expr, wait=False):
        r = self.call(
            "Runtime.evaluate",
            {"expression": expr, "returnByValue": True, "awaitPromise": wait},
        )
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expr}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def errors(self):
        """Console errors, uncaught exceptions and error log entries (CSP reports among them)."""
        out = []
        for m in self.b.events:
            p = m.get("params", {})
            if m.get("method") == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append("console: " + " ".join(str(a.get("value")) for a in p.get("args", [])))
            elif m.get("method") == "Runtime.exceptionThrown":
                out.append("exception: " + p["exceptionDetails"].get("text", ""))
            elif m.get("method") == "Log.entryAdded" and p["entry"].get("level") == "error":
                out.append("log: " + p["entry"].get("text", ""))
        return out

    def fonts_of(self, selector):
        root = self.call("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = self.call("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        if not node:
            return []
        # The text node inside the element carries the glyphs.
        self.call("DOM.requestChildNodes", {"nodeId": node, "depth": -1})
        fonts = self.call("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        return [(f["familyName"], f["glyphCount"]) for f in fonts]

    def screenshot(self, path, height=None, full=False, top=0):
        metrics = self.call("Page.getLayoutMetrics")["cssContentSize"]
        h = metrics["height"] - top if full else min(height, metrics["height"] - top)
        shot = self.call(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {"x": 0, "y": top, "width": 1280, "height": h, "scale": 1},
            },
            timeout=120,
        )
        with open(path, "wb") as f:
            f.write(base64.b64decode(shot["data"]))


def render(binary, paths, out):
    cmd = [binary, "report", *paths, "--default-rules", "--format", "html", "-o", out]
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    check(r.returncode == 0 and os.path.getsize(out) > 0, f"{' '.join(cmd[1:])} wrote {out}")
    if r.returncode != 0:
        print(r.stderr)


def arabic_fonts():
    text = open(os.path.join(ROOT, "rules", "ar", "language.yaml"), encoding="utf-8").read()
    m = re.search(r"^\s*fonts:\s*\[(.*?)\]", text, re.M)
    return [f.strip().strip("\"'") for f in m.group(1).split(",")] if m else []


def fixtures_report(browser, page, screenshot):
    tab = Tab(browser, "file://" + page)
    facts = tab.js(
        """(() => {
        const q = s => Array.from(document.querySelectorAll(s));
        const shown = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
        return {
          events: q('section.event').length,
          rows: q('figure.row').length,
          charts: q('figure.row svg').filter(s => s.querySelectorAll('rect').length > 2 && shown(s)).length,
          openBars: q('figure.row svg polygon').length,
          gaps: q('figure.row.conflict').length,
          blameSections: q('section.event').filter(s => s.querySelector('figure.blame')).length,
          blameDiagrams: q('figure.blame svg').filter(s => s.querySelectorAll('polygon').length > 0 && shown(s)).length,
          mutual: q('figure.blame.mutual').length,
          quotes: q('q.quote').filter(shown).length,
          rtlQuotes: q('q.quote').filter(e => getComputedStyle(e).direction === 'rtl').length,
          marked: q('q.quote mark').filter(shown).length,
          links: q('td.where a').length,
          scripts: document.scripts.length,
          scrollWidth: document.documentElement.scrollWidth,
          text: document.body.innerText.length,
        };
    })()"""
    )
    print("page facts:", json.dumps(facts))
    check(tab.errors() == [], f"no console errors ({tab.errors()})")
    check(facts["scripts"] == 0, "no script on the page")
    check(facts["events"] >= 6, f"a section per event ({facts['events']})")
    check(facts["rows"] > 0 and facts["charts"] == facts["rows"], f"every row has its chart on screen ({facts['charts']}/{facts['rows']})")
    check(facts["openBars"] > 0, "open bars (at least) drawn with arrows")
    check(facts["gaps"] >= 2, f"conflicts marked ({facts['gaps']})")
    check(
        facts["blameSections"] > 0 and facts["blameDiagrams"] == facts["blameSections"],
        f"a blame diagram per event with blame ({facts['blameDiagrams']}/{facts['blameSections']})",
    )
    check(facts["mutual"] > 0, "mutual blame marked")
    check(facts["quotes"] >= 50, f"quotes on screen ({facts['quotes']})")
    check(facts["rtlQuotes"] > 0, f"Arabic quotes laid out right to left ({facts['rtlQuotes']})")
    check(facts["marked"] >= 40, f"figures marked in quotes ({facts['marked']})")
    check(facts["links"] == facts["quotes"], "every claim links to its file")
    check(facts["scrollWidth"] <= 1280, f"fits a 1280 px window ({facts['scrollWidth']} px)")

    wanted = arabic_fonts()
    used = tab.fonts_of('q.quote[lang="ar"]')
    check(
        bool(used) and all(name in wanted for name, _ in used),
        f"Arabic quote drawn with the rules' fonts ({used}; rules name {wanted[:3]}...)",
    )

    tab.screenshot(os.path.join(OUT, "report-full.png"), full=True)
    tab.screenshot(screenshot, height=1500)
    check(os.path.getsize(screenshot) > 20000, f"screenshot written to {os.path.relpath(screenshot, ROOT)}")
    # The first event with a conflict, from its heading down.
    box = tab.js(
        "(() => { const s = Array.from(document.querySelectorAll('section.event'))"
        ".find(e => e.querySelector('figure.row.conflict'));"
        " const r = s.getBoundingClientRect(); return [r.top + window.scrollY, r.height]; })()"
    )
    conflict_shot = re.sub(r"(\.png)?$", "-conflict.png", screenshot, count=1)
    tab.screenshot(conflict_shot, height=box[1] + 4, top=box[0] - 4)
    check(os.path.getsize(conflict_shot) > 20000, f"screenshot written to {os.path.relpath(conflict_shot, ROOT)}")

    # Print: the page laid out at A4 width, then printed to PDF.
    tab.call("Emulation.setEmulatedMedia", {"media": "print"})
    tab.size(A4_CONTENT_PX, 1000)
    widest = tab.js(
        "Math.max(document.documentElement.scrollWidth,"
        " ...Array.from(document.querySelectorAll('svg')).map(s => s.getBoundingClientRect().right))"
    )
    check(widest <= A4_CONTENT_PX + 1, f"printed, every chart fits A4 ({widest:.0f} <= {A4_CONTENT_PX} px)")
    pdf = base64.b64decode(
        tab.call(
            "Page.printToPDF",
            {"paperWidth": 8.27, "paperHeight": 11.69, "printBackground": True, "preferCSSPageSize": True},
            timeout=120,
        )["data"]
    )
    with open(os.path.join(OUT, "report.pdf"), "wb") as f:
        f.write(pdf)
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
    check(pdf.startswith(b"%PDF") and pages >= 6, f"prints to A4 ({pages} pages)")


HOSTILE = """---
title: "<script>alert('title')</script>"
outlet: "\\"><img src=x onerror=alert(1)><script>alert(2)</script>"
date: 2022-09-13
lang: en
---
The Azerbaijani defence ministry said 50 soldiers were killed. <script>alert(3)</script>
The Armenian defence ministry said at least 49 soldiers were killed. \u202egnissim\u202c "><svg onload=alert(4)>
Azerbaijani troops killed 7 Armenian soldiers ' onmouseover='alert(5)', the outlet said.
At least 5 civilians were killed.
"""


def hostile_report(browser, binary):
    d = tempfile.mkdtemp(prefix="crosscheck-hostile-")
    name = "x\"'><script>alert(6)<"
    try:
        with open(os.path.join(d, name + ".md"), "w", encoding="utf-8") as f:
            f.write(HOSTILE)
    except OSError:
        name = "hostile"
        with open(os.path.join(d, name + ".md"), "w", encoding="utf-8") as f:
            f.write(HOSTILE)
    out = os.path.join(OUT, "hostile.html")
    render(binary, [d], out)
    tab = Tab(browser, "file://" + out)
    facts = tab.js(
        """(() => ({
          scripts: document.scripts.length,
          handlers: Array.from(document.querySelectorAll('*')).filter(e =>
              Array.from(e.attributes).some(a => a.name.startsWith('on'))).length,
          images: document.images.length,
          text: document.body.innerText,
          claims: document.querySelectorAll('table.claims tbody tr').length,
          links: Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href')),
        }))()"""
    )
    check(tab.errors() == [], f"hostile report: no console errors ({tab.errors()})")
    check(facts["scripts"] == 0 and facts["handlers"] == 0 and facts["images"] == 0,
          "hostile report: no script, event handler or image made it into the page")
    check("<img src=x onerror=alert(1)>" in facts["text"], "hostile report: the outlet's markup shows as text")
    check("\u202e" not in facts["text"], "hostile report: bidi overrides neutralised")
    check(facts["claims"] >= 2, f"hostile report: claims still extracted ({facts['claims']})")
    check(all(h.startswith(("./", "../", "file://", "#")) for h in facts["links"]),
          f"hostile report: links stay links to files ({facts['links'][:3]})")
    shutil.rmtree(d, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "crosscheck"))
    ap.add_argument("--screenshot", default=os.path.join(ROOT, "docs", "report.png"))
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    if not os.path.exists(args.binary):
        subprocess.run(["cargo", "build", "--release"], cwd=ROOT, check=True)
    chromium = ensure_chromium()
    print("browser:", subprocess.run([chromium, "--version"], capture_output=True, text=True).stdout.strip())
    page = os.path.join(OUT, "report.html")
    render(args.binary, ["fixtures/"], page)
    browser = Browser(chromium)
    try:
        fixtures_report(browser, page, os.path.abspath(args.screenshot))
        hostile_report(browser, args.binary)
    finally:
        browser.close()
    print(f"{len(failures)} failed" if failures else "browser test passed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
