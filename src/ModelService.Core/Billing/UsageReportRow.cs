namespace ModelService.Core.Billing;

/// <summary>One line of a usage report: a model or a day, with its sums (energy in nWh, CO2e in ng).</summary>
public sealed record UsageReportRow(string Group, long Calls, long FailedCalls, long Items, long ComputeMicros, long AmountMicros, long EnergyNanoWattHours = 0, long Co2eNanograms = 0);
