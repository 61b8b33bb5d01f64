namespace ModelService.Core.Billing;

/// <summary>One line of a usage report: a model or a day, with its sums.</summary>
public sealed record UsageReportRow(string Group, long Calls, long FailedCalls, long Items, long ComputeMicros, long AmountMicros);
