using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelService.Core.Energy;

namespace ModelService.Core.Tests.Billing;

/// <summary>energy = compute time × watts × PUE; CO2e = energy × grid intensity, in integer nWh and ng.</summary>
public sealed class EnergyModelTests
{
    [Fact]
    public void A_quarter_second_on_two_ten_watt_cores_is_worked_out_exactly()
    {
        // 0.25 s × 20 W × 1.2 = 6 J = 1,666,666.67 nWh → 1,666,667; × 400 g/kWh = 666,666.8 ng → 666,667.
        var model = Model(("WattsPerCore", "10"), ("CoresPerCall", "2"), ("Pue", "1.2"), ("GridGramsCo2ePerKwh", "400"));

        Assert.Equal(new EnergyFootprint(1_666_667, 666_667), model.ForInference(250_000));
    }

    [Fact]
    public void No_compute_time_is_no_energy()
    {
        Assert.Equal(EnergyFootprint.None, Model().ForInference(0));
    }

    [Fact]
    public void The_region_gives_the_pue_and_grid_intensity_unless_they_are_set()
    {
        var sweden = Model(("Region", "swedencentral"));
        var overridden = Model(("Region", "swedencentral"), ("GridGramsCo2ePerKwh", "100"));

        Assert.Equal((1.18m, 40m), (sweden.Pue, sweden.GridGramsCo2ePerKwh));
        Assert.Equal((1.18m, 100m), (overridden.Pue, overridden.GridGramsCo2ePerKwh));

        // Defaults (4 W, 1 core): 1 s × 4 W × 1.18 = 4.72 J = 1,311,111.1 nWh → 1,311,111; × 40 / 1000 = 52,444.44 → 52,444.
        Assert.Equal(new EnergyFootprint(1_311_111, 52_444), sweden.ForInference(1_000_000));
    }

    [Fact]
    public void Training_uses_the_gpu_power_on_cuda_and_the_cpu_power_otherwise()
    {
        var model = Model(("Pue", "1.1"), ("GridGramsCo2ePerKwh", "300"), ("TrainingGpuWatts", "250"), ("TrainingCpuWatts", "20"));

        // 12.5 s × 250 W × 1.1 = 3,437.5 J = 954,861,111.1 nWh; × 300 / 1000 = 286,458,333.3 ng.
        Assert.Equal(new EnergyFootprint(954_861_111, 286_458_333), model.ForTraining(12_500_000, "cuda (NVIDIA H200, 1 device(s))"));

        // 12.5 s × 20 W × 1.1 = 275 J = 76,388,888.9 nWh; × 300 / 1000 = 22,916,666.7 ng.
        Assert.Equal(new EnergyFootprint(76_388_889, 22_916_667), model.ForTraining(12_500_000, "cpu (2 cores, libtorch)"));
        Assert.Equal(model.ForTraining(12_500_000, "cpu (2 cores, managed)"), model.ForTraining(12_500_000, null));
    }

    [Theory]
    [InlineData("Region", "mars", "Region must be one of")]
    [InlineData("Pue", "0.5", "Pue")]
    [InlineData("WattsPerCore", "-1", "WattsPerCore")]
    [InlineData("GridGramsCo2ePerKwh", "5000", "GridGramsCo2ePerKwh")]
    [InlineData("CoresPerCall", "0", "CoresPerCall")]
    public void Settings_out_of_range_are_refused_at_start_up(string key, string value, string fragment)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Model((key, value)));

        Assert.Contains(fragment, failure.Message, StringComparison.Ordinal);
    }

    private static EnergyModel Model(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>($"{EnergyOptions.SectionName}:{s.Key}", s.Value)))
            .Build();
        using var provider = new ServiceCollection().AddLogging().AddBillingLedger(configuration).BuildServiceProvider();
        return provider.GetRequiredService<EnergyModel>();
    }
}
