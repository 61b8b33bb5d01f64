namespace ModelService.Core.Energy;

/// <summary>
/// Energy and CO2e of one call in integer nano-units (nWh, ng), so ledger sums are exact; a report shows them
/// as mWh and mg, six decimals without rounding (<see cref="Billing.MicroUnits"/>).
/// </summary>
public readonly record struct EnergyFootprint(long EnergyNanoWattHours, long Co2eNanograms)
{
    public static EnergyFootprint None => default;
}
