/// The page frame shared by the HTML report and the web view: one self-contained document with inline CSS
/// (screen and print), no scripts, no external resources.
public enum HTMLPage {
    /// The style sheet.
    public static let css = """
        :root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--accent:#0b5cad;--bad:#b42318;--bg:#fff;--soft:#f6f8fa}
        *{box-sizing:border-box}
        body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg);margin:0}
        header.top{background:#0b3d6e;color:#fff;padding:14px 28px}
        header.top a{color:#fff}
        header.top h1{margin:0;font-size:22px}
        header.top p{margin:4px 0 0;color:#d7e6f5}
        main{max-width:1100px;margin:0 auto;padding:8px 28px 40px}
        nav.toc ul{display:flex;flex-wrap:wrap;gap:6px 16px;padding:0;list-style:none}
        h2{border-bottom:2px solid var(--line);padding-bottom:4px;margin-top:36px}
        h3{margin-bottom:6px}
        table{border-collapse:collapse;width:100%;margin:8px 0 18px;font-size:14px}
        caption{text-align:left;font-weight:600;padding:4px 0;color:var(--muted)}
        th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
        th{background:var(--soft)}
        td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:10px;margin:12px 0}
        .card{border:1px solid var(--line);border-radius:8px;padding:10px 12px;background:var(--soft)}
        .card .v{font-size:24px;font-weight:700}
        .card .l{color:var(--muted);font-size:13px}
        .muted{color:var(--muted)}
        .badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;background:#e7eef7;color:#0b3d6e}
        .sev-critical,.sev-major{background:#fde7e5;color:var(--bad)}
        .fp{background:#fff3cd;color:#7a5b00}
        blockquote{margin:6px 0;padding:4px 12px;border-left:3px solid var(--line);color:#333;background:var(--soft)}
        section.incident{border:1px solid var(--line);border-radius:8px;padding:4px 16px 8px;margin:14px 0}
        svg.chart{max-width:100%;height:auto;display:block;margin:6px 0 14px}
        svg .axis{stroke:#8c959f;stroke-width:1}
        svg .series{fill:none;stroke:var(--accent);stroke-width:2}
        svg .dot{fill:var(--accent)}
        svg .bar{fill:var(--accent)}
        svg .cell{fill:#0b5cad}
        svg text{font-size:11px;fill:#444}
        svg .label{font-size:12px}
        a{color:var(--accent)}
        .newsletter{border:1px dashed var(--line);padding:6px 18px;border-radius:8px}
        footer{color:var(--muted);font-size:12px;margin-top:30px}
        @media print{header.top{background:none;color:#000;border-bottom:2px solid #000}header.top p{color:#333}
          nav.toc{display:none}section.incident,table,svg{break-inside:avoid}a{color:#000;text-decoration:none}
          body{font-size:11pt}main{max-width:none;padding:0}}
        """

    /// A complete document.
    public static func document(title: String, language: String, header: String, body: String) -> String {
        "<!DOCTYPE html>\n<html lang=\"\(HTMLText.escape(language))\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            + "<title>\(HTMLText.escape(title))</title>\n<style>\n\(css)\n</style>\n</head>\n<body>\n"
            + "<header class=\"top\">\(header)</header>\n<main>\n\(body)\n</main>\n</body>\n</html>\n"
    }
}
