import VedettaCore

/// Inline SVG charts drawn without scripts: a line chart, horizontal bars and a heat map. Each carries
/// `role="img"`, a `<title>` and an `aria-label` so screen readers announce what it shows; the numbers are
/// also in the tables next to it.
enum SVGChart {
    static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// A line chart of `values` with labels under the x axis (every `labelEvery`-th one).
    static func line(values: [Int], labels: [String], title: String, id: String, width: Int = 760, height: Int = 220) -> String {
        let left = 44.0, right = 12.0, top = 12.0, bottom = 36.0
        let plotW = Double(width) - left - right, plotH = Double(height) - top - bottom
        let maximum = max(1, values.max() ?? 1)
        let step = values.count > 1 ? plotW / Double(values.count - 1) : 0
        func x(_ i: Int) -> Double { left + (values.count > 1 ? Double(i) * step : plotW / 2) }
        func y(_ v: Int) -> Double { top + plotH - Double(v) / Double(maximum) * plotH }
        var svg = "<svg role=\"img\" aria-labelledby=\"\(id)-t\" aria-label=\"\(HTMLText.escape(title))\" viewBox=\"0 0 \(width) \(height)\" "
            + "width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\"><title id=\"\(id)-t\">\(HTMLText.escape(title))</title>"
        svg += "<line x1=\"\(number(left))\" y1=\"\(number(top + plotH))\" x2=\"\(number(left + plotW))\" y2=\"\(number(top + plotH))\" class=\"axis\"/>"
        svg += "<line x1=\"\(number(left))\" y1=\"\(number(top))\" x2=\"\(number(left))\" y2=\"\(number(top + plotH))\" class=\"axis\"/>"
        for fraction in [0.0, 0.5, 1.0] {
            let v = Int((Double(maximum) * fraction).rounded())
            svg += "<text x=\"\(number(left - 6))\" y=\"\(number(y(v) + 4))\" text-anchor=\"end\" class=\"tick\">\(v)</text>"
        }
        let labelEvery = max(1, Int((Double(values.count) / 12).rounded(.up)))
        for (i, label) in labels.enumerated() where i % labelEvery == 0 {
            svg += "<text x=\"\(number(x(i)))\" y=\"\(number(top + plotH + 16))\" text-anchor=\"middle\" class=\"tick\">\(HTMLText.escape(label))</text>"
        }
        let points = values.enumerated().map { "\(number(x($0.offset))),\(number(y($0.element)))" }.joined(separator: " ")
        svg += "<polyline points=\"\(points)\" class=\"series\"/>"
        for (i, v) in values.enumerated() {
            svg += "<circle cx=\"\(number(x(i)))\" cy=\"\(number(y(v)))\" r=\"2.5\" class=\"dot\"><title>\(HTMLText.escape(labels[i])): \(v)</title></circle>"
        }
        return svg + "</svg>"
    }

    /// Horizontal bars, one per `(label, value)`.
    static func bars(_ items: [(String, Int)], title: String, id: String, width: Int = 760) -> String {
        let rowH = 22, labelW = 230
        let height = max(1, items.count) * rowH + 8
        let maximum = max(1, items.map(\.1).max() ?? 1)
        var svg = "<svg role=\"img\" aria-labelledby=\"\(id)-t\" aria-label=\"\(HTMLText.escape(title))\" viewBox=\"0 0 \(width) \(height)\" "
            + "width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\"><title id=\"\(id)-t\">\(HTMLText.escape(title))</title>"
        for (i, item) in items.enumerated() {
            let y = 4 + i * rowH
            let w = Double(width - labelW - 60) * Double(item.1) / Double(maximum)
            svg += "<text x=\"\(labelW - 8)\" y=\"\(y + 15)\" text-anchor=\"end\" class=\"label\">\(HTMLText.escape(String(item.0.prefix(34))))</text>"
            svg += "<rect x=\"\(labelW)\" y=\"\(y + 3)\" width=\"\(number(max(w, 1)))\" height=\"\(rowH - 6)\" class=\"bar\"><title>\(HTMLText.escape(item.0)): \(item.1)</title></rect>"
            svg += "<text x=\"\(number(Double(labelW) + max(w, 1) + 6))\" y=\"\(y + 15)\" class=\"tick\">\(item.1)</text>"
        }
        return svg + "</svg>"
    }

    /// A 7 × 24 heat map; darker is more.
    static func heatMap(_ cells: [[Int]], rowLabels: [String], title: String, id: String) -> String {
        let cell = 28, left = 44, top = 18
        let width = left + 24 * cell + 4, height = top + 7 * cell + 4
        let maximum = max(1, cells.flatMap { $0 }.max() ?? 1)
        var svg = "<svg role=\"img\" aria-labelledby=\"\(id)-t\" aria-label=\"\(HTMLText.escape(title))\" viewBox=\"0 0 \(width) \(height)\" "
            + "width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\"><title id=\"\(id)-t\">\(HTMLText.escape(title))</title>"
        for hour in stride(from: 0, to: 24, by: 2) {
            svg += "<text x=\"\(left + hour * cell + cell / 2)\" y=\"12\" text-anchor=\"middle\" class=\"tick\">\(CivilDate.pad(hour, 2))</text>"
        }
        for (row, values) in cells.enumerated() {
            svg += "<text x=\"\(left - 6)\" y=\"\(top + row * cell + cell / 2 + 4)\" text-anchor=\"end\" class=\"tick\">\(HTMLText.escape(rowLabels[row]))</text>"
            for (hour, value) in values.enumerated() {
                let level = value == 0 ? 0.0 : 0.12 + 0.88 * Double(value) / Double(maximum)
                svg += "<rect x=\"\(left + hour * cell + 1)\" y=\"\(top + row * cell + 1)\" width=\"\(cell - 2)\" height=\"\(cell - 2)\" "
                    + "class=\"cell\" fill-opacity=\"\(value == 0 ? "0.04" : formatOpacity(level))\">"
                    + "<title>\(HTMLText.escape(rowLabels[row])) \(CivilDate.pad(hour, 2)):00 — \(value)</title></rect>"
            }
        }
        return svg + "</svg>"
    }

    static func formatOpacity(_ level: Double) -> String {
        let hundredths = Int((level * 100).rounded())
        return hundredths >= 100 ? "1" : "0." + CivilDate.pad(hundredths, 2)
    }
}
