import Foundation
import Testing
import VedettaCore
import VedettaReports
import VedettaStore
import VedettaTesting

@Suite("Report builder and renderers")
struct ReportBuilderTests {
    let data: ReportData

    init() throws {
        let store = try ReportFixture.makeStore(in: Fixtures.temporaryDirectory("report"))
        data = try ReportBuilder(store: store, rules: ReportFixture.rules).build(ReportFixture.day)
    }

    @Test func volumesCountDistinctOpenedTicketsAndEveryEvent() throws {
        #expect(data.totals.tickets == 22)
        #expect(data.totals.ticketsPrevious == 8)
        #expect(data.totals.events == 31)
        #expect(data.totals.eventsPrevious == 8)
        // R-1 filed twice: one voice.
        #expect(data.totals.requesters == 21)
        let service = try #require(data.byService.first)
        #expect(service.key == "denuncia-infortunio" && service.name == "Denuncia di infortunio")
        #expect(service.tickets == 12 && service.events == 19 && service.ticketsPrevious == 6)
        // The printer tickets name no service; their `closed` event inherits the ticket's opening values.
        let unknown = try #require(data.byService.first { $0.key == "unknown" })
        #expect(unknown.tickets == 3 && unknown.events == 4)
        #expect(data.byQueue.map(\.key) == ["backoffice", "helpdesk"])
    }

    @Test func heatMapAndHourlySeriesUseLocalTime() {
        // Tuesday = row 1; 08:00 local holds the first nine 503 reports (08:00 … 08:56).
        #expect(data.heatMap[1][8] == 9)
        #expect(data.heatMap.flatMap { $0 }.reduce(0, +) == 22)
        #expect(data.series.granularity == "hour" && data.series.points.count == 24)
        #expect(data.series.points[8].label == "08:00" && data.series.points[8].tickets == 9)
        #expect(data.series.points[8].incidents == 1)
    }

    @Test func incidentTimelineLeadTimeAndDeliveries() throws {
        #expect(data.incidents.map(\.id) == ["INC-20260303-0001", "INC-20260303-0003", "INC-20260303-0002"])
        let first = data.incidents[0]
        #expect(first.timeline.map(\.kind) == ["first-report", "first-alert", "update", "resolution"])
        #expect(first.severity == .critical)
        // First escalation 10:15, first alert 08:28: Vedetta was 107 minutes earlier.
        #expect(first.lead.basis == "escalation" && first.lead.minutes == 107)
        #expect(first.officesAlerted == ["dc-prestazioni"])
        #expect(first.filesDelivered == 3 && first.mailsDelivered == 2 && first.mailsDead == 1 && first.pending == 0)
        let spid = data.incidents[2]
        #expect(spid.lead.basis == "resolution" && spid.lead.minutes == 100)
        #expect(spid.falsePositive && spid.markNote == "Password scadute, non un guasto (segnalato da [EMAIL])")
        let durc = data.incidents[1]
        #expect(durc.lead.basis == "none" && durc.lead.minutes == nil && durc.pending == 1)
        #expect(data.totals.medianLeadMinutes == 103)
    }

    @Test func falseAlertsGroupByServiceAndRoute() {
        #expect(data.falseAlerts.first?.service == "autenticazione")
        #expect(data.falseAlerts.first?.falsePositives == 1 && data.falseAlerts.first?.incidents == ["INC-20260303-0002"])
        #expect(data.falseAlerts.count == 3)
    }

    @Test func faqUsesRedactedUserWordsAndTheMostCommonResolution() throws {
        let faq = try #require(data.faq.first)
        #expect(faq.cluster == "C-503" && faq.tickets == 12)
        #expect(faq.question == "Errore 503 dopo la firma. Scrivetemi a [EMAIL], CF [CF].")
        #expect(faq.answer == "Servizio ripristinato alle 11:40: ripetere l'invio della denuncia." && faq.answerCount == 2)
        #expect(data.faq.map(\.cluster) == ["C-503", "C-spid", "C-stampante"])
        #expect(data.growingClusters.map(\.cluster) == ["C-503", "C-spid", "C-stampante"])
        #expect(data.notices.map(\.id) == ["durc-lentezza"])
    }

    @Test func noRenderedOutputLeaksPersonalData() throws {
        for format in ReportFormat.allCases {
            for language in [Language.italian, .english] {
                let text = try format.render(data, language: language)
                #expect(!text.contains("mario.rossi@example.com"), "\(format) leaks an e-mail")
                #expect(!text.contains("RSSMRA80A01H501U"), "\(format) leaks a codice fiscale")
            }
        }
    }

    @Test func htmlIsSelfContainedAccessibleAndEscaped() {
        let html = HTMLReportRenderer(language: .italian).render(data)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"it\">"))
        #expect(HTMLReportRenderer(language: .english).render(data).contains("<html lang=\"en\">"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http"))
        #expect(html.contains("<b>bloccato</b>") == false && html.contains("&lt;b&gt;bloccato&lt;/b&gt;"))
        #expect(html.contains("@media print"))
        #expect(html.components(separatedBy: "role=\"img\"").count - 1 == 3)
        #expect(html.contains("<caption>") && html.contains("<th scope=\"col\"") && html.contains("<th scope=\"row\""))
    }

    @Test func periodsFollowTheLocalCalendar() {
        let zone = ZoneRule.rome
        let week = ReportPeriod.week(containing: ReportFixture.t("2026-03-04T12:00:00+01:00"), zone: zone)
        #expect(week.name == "2026-W10" && week.from == ReportFixture.t("2026-03-02T00:00:00+01:00"))
        #expect(week.previous.from == ReportFixture.t("2026-02-23T00:00:00+01:00"))
        // March 2026 has 31 days and the summer-time change on the 29th.
        let month = ReportPeriod.month(containing: ReportFixture.t("2026-03-15T12:00:00+01:00"), zone: zone)
        #expect(month.to == ReportFixture.t("2026-04-01T00:00:00+02:00") && month.name == "2026-03")
        #expect(month.previous.name == "2026-02")
        let dst = ReportPeriod.day(containing: ReportFixture.t("2026-03-29T12:00:00+02:00"), zone: zone)
        #expect(dst.to.since(dst.from) == .hours(23))
    }

    @Test(arguments: [("day.it.md", ReportFormat.md, Language.italian), ("day.en.md", .md, .english),
                      ("day.csv", .csv, .italian), ("day.json", .json, .italian)])
    func goldenOutputs(name: String, format: ReportFormat, language: Language) throws {
        try GoldenFile.check(try format.render(data, language: language), named: name)
    }

    @Test func csvFolderTablesMatchTheSingleFile() {
        let renderer = CSVReportRenderer()
        let tables = renderer.tables(data)
        #expect(tables.map(\.name).count == Set(tables.map(\.name)).count)
        #expect(tables.allSatisfy { !$0.csv.isEmpty })
        #expect(renderer.render(data) == tables.map { "# table: \($0.name)\r\n" + $0.csv }.joined(separator: "\r\n"))
    }

    @Test func buildingTwiceGivesTheSameBytes() throws {
        let store = try ReportFixture.makeStore(in: Fixtures.temporaryDirectory("report"))
        let again = try ReportBuilder(store: store, rules: ReportFixture.rules).build(ReportFixture.day)
        #expect(try again.jsonText() == data.jsonText())
    }
}
