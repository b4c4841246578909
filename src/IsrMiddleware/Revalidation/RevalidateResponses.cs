namespace IsrMiddleware.Revalidation;

/// <summary>The endpoint's JSON answer built from a report: every target with its pages, outcomes as kebab-case strings.</summary>
internal static class RevalidateResponses
{
    public static RevalidateResponse From(RevalidationReport report, RevalidationOptions options)
    {
        var single = report.Targets.Count == 1 ? report.Targets[0].Target : null;
        return new RevalidateResponse(
            Revalidated: true,
            Mode: report.Mode == RevalidationMode.Eager ? "eager" : "lazy",
            OnlyStored: options.OnlyStored,
            Path: single?.Kind == RevalidationTargetKind.Path ? single.Value : null,
            Tag: single?.Kind == RevalidationTargetKind.Tag ? single.Value : null,
            Targets: [.. report.Targets.Select(target => new RevalidatedTarget(KindName(target.Target.Kind), target.Target.Value, Pages(target.Pages)))],
            Pages: Pages(report.Pages),
            Confirmation: report.Confirmation is { } confirmation
                ? new RevalidateConfirmation(confirmation.Complete, confirmation.Applied, confirmation.Lagged)
                : null);
    }

    private static RevalidatedPage[] Pages(IReadOnlyList<PageRevalidation> pages) =>
        [.. pages.Select(page => new RevalidatedPage(page.Path, OutcomeName(page.Outcome)))];

    private static string KindName(RevalidationTargetKind kind) => kind switch
    {
        RevalidationTargetKind.Path => "path",
        RevalidationTargetKind.Tag => "tag",
        RevalidationTargetKind.Route => "route",
        _ => "prefix",
    };

    private static string OutcomeName(RevalidationOutcome outcome) => outcome switch
    {
        RevalidationOutcome.MarkedStale => "marked-stale",
        RevalidationOutcome.Regenerated => "regenerated",
        RevalidationOutcome.Removed => "removed",
        RevalidationOutcome.Failed => "failed",
        RevalidationOutcome.NotCached => "not-cached",
        _ => "no-route",
    };
}
