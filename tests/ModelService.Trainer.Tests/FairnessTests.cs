using ModelService.Core.Errors;
using ModelService.Core.Registry;
using ModelService.Core.Training;
using ModelService.Testing;
using ModelService.Trainer.Data;
using ModelService.Trainer.Fairness;

namespace ModelService.Trainer.Tests;

/// <summary>Fairness of trained models: per-group metrics in the card and the events, and the parity gate that refuses publication.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class FairnessTests(AzuriteFixture azurite) : IDisposable
{
    private readonly TrainerTestServices _services = new(azurite, maxAttempts: 1);

    [Fact]
    public async Task A_job_with_a_sensitive_column_reports_per_group_metrics_in_the_card_and_the_events_without_using_it_as_a_feature()
    {
        await _services.UploadAsync("loans", BiasedCsv.Loans(600, seed: 3));
        var job = await SubmitAsync("loans", "loans-mlp", maxParityGap: null);

        await _services.RunTrainerAsync();

        var done = await _services.JobAsync(job.Id);
        Assert.True(done.Status == TrainingJobStatus.Succeeded, done.Reason);
        var training = (await _services.Registry.GetManifestAsync("loans-mlp", VersionSelector.Latest, CancellationToken.None)).Card.Training!;
        Assert.Equal(["income", "debt"], training.Features);
        var column = Assert.Single(training.Fairness!.Columns);
        Assert.Equal("group", column.Column);
        Assert.Equal(["a", "b"], column.Groups.Select(g => g.Group));
        Assert.Equal((int)Math.Round(600 * 0.2), column.Groups.Sum(g => g.Rows));
        Assert.All(column.Groups, g => Assert.True(g.Accuracy > 0.8 && g.Recall > 0.7, $"{g.Group}: accuracy {g.Accuracy}, recall {g.Recall}"));

        // Income differs by group, so approvals do: the parity gap is large and is the gap in the rates reported.
        var rates = column.Groups.Select(g => g.SelectionRates!["yes"]).ToList();
        Assert.True(column.DemographicParityDifference > 0.4, $"parity difference {column.DemographicParityDifference}");
        Assert.Equal(Math.Abs(rates[0] - rates[1]), column.DemographicParityDifference!.Value, 5);
        Assert.InRange(column.EqualizedOddsDifference!.Value, 0, 1);

        var events = await _services.Get<TrainingEventStore>().ListAsync(job.Id, 0, 100, CancellationToken.None);
        Assert.Contains(events, e => e.Kind == "fairness" && e.Message!.Contains("demographic-parity difference", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_parity_gap_above_the_gate_fails_the_job_naming_the_figures_and_publishes_nothing()
    {
        await _services.UploadAsync("loans", BiasedCsv.Loans(600, seed: 4));
        var job = await SubmitAsync("loans", "gated-mlp", maxParityGap: 0.1);

        await _services.RunTrainerAsync();

        var done = await _services.JobAsync(job.Id);
        Assert.Equal(TrainingJobStatus.Failed, done.Status);
        Assert.Contains("above maxParityGap 0.100", done.Reason, StringComparison.Ordinal);
        Assert.Contains("'group': a (", done.Reason, StringComparison.Ordinal);
        Assert.Null(done.ResultVersion);
        Assert.Empty(await _services.Registry.ListVersionsAsync("gated-mlp", CancellationToken.None));
    }

    [Theory]
    [InlineData("species", null, "not the label")]
    [InlineData("group", 1.5, "from 0 to 1")]
    public async Task Bad_fairness_fields_are_refused_at_submission(string sensitive, double? gap, string expected)
    {
        await _services.UploadAsync("loans", BiasedCsv.Loans(40, seed: 5));
        var refused = await Assert.ThrowsAsync<ModelServiceException>(() => _services.Jobs.SubmitAsync(TrainerTestServices.Tenant,
            new TrainingJobRequest(TrainingRecipes.TabularClassifier, "loans", "species", "x-mlp", null) { SensitiveColumns = [sensitive], MaxParityGap = gap },
            CancellationToken.None));

        Assert.Equal(ErrorCode.InvalidRequest, refused.Code);
        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sensitive_column_is_a_feature_only_when_asked_and_then_must_be_numeric()
    {
        var hidden = TabularDatasetLoader.Load(new StringReader(BiasedCsv.Loans(20, seed: 6)), "approved", classifier: true, ["group"], sensitiveAsFeatures: false);
        var used = TabularDatasetLoader.Load(new StringReader(BiasedCsv.Loans(20, seed: 6, numericGroups: true)), "approved", classifier: true, ["group"], sensitiveAsFeatures: true);

        Assert.Equal(["income", "debt"], hidden.FeatureNames);
        Assert.Equal(["income", "debt", "group"], used.FeatureNames);
        Assert.Equal(["a", "b"], hidden.Sensitive.Single().Groups.Distinct().Order());
        Assert.Throws<DatasetException>(() => TabularDatasetLoader.Load(new StringReader(BiasedCsv.Loans(20, seed: 6)), "approved", classifier: true, ["group"], sensitiveAsFeatures: true));
    }

    [Fact]
    public void Metrics_per_group_match_a_hand_count()
    {
        // Group a: 4 rows, truth [1,1,0,0], predicted [1,0,0,0]; group b: 2 rows, truth [1,0], predicted [1,1].
        var data = new TabularDataset(["x"], new float[6], [1, 1, 0, 0, 1, 0], ["no", "yes"]) { Sensitive = [new SensitiveColumn("g", ["a", "a", "a", "a", "b", "b"])] };
        var report = FairnessMetrics.Measure(data, [1, 0, 0, 0, 1, 1], maxParityGap: null);

        var column = report.Columns.Single();
        var (a, b) = (column.Groups[0], column.Groups[1]);
        Assert.Equal((0.75, 0.75, 0.25), (a.Accuracy, a.Recall, a.SelectionRates!["yes"]));
        Assert.Equal((0.5, 0.5, 1.0), (b.Accuracy, b.Recall, b.SelectionRates!["yes"]));
        Assert.Equal(0.75, column.DemographicParityDifference);

        // "yes": TPR a 0.5, b 1 (gap 0.5); FPR a 0, b 1 (gap 1).
        Assert.Equal(1.0, column.EqualizedOddsDifference);
    }

    [Fact]
    public void Regressor_metrics_are_errors_per_group_and_their_gap()
    {
        var data = new TabularDataset(["x"], new float[4], [10, 20, 30, 40], []) { Sensitive = [new SensitiveColumn("g", ["a", "a", "b", "b"])] };
        var column = FairnessMetrics.Measure(data, [11, 19, 34, 36], maxParityGap: null).Columns.Single();

        Assert.Equal([1.0, 4.0], column.Groups.Select(g => g.MeanAbsoluteError!.Value));
        Assert.Equal(3.0, column.MeanAbsoluteErrorGap);
        Assert.Null(column.DemographicParityDifference);
    }

    public void Dispose() => _services.Dispose();

    private Task<TrainingJob> SubmitAsync(string dataset, string model, double? maxParityGap) =>
        _services.Jobs.SubmitAsync(TrainerTestServices.Tenant, new TrainingJobRequest(TrainingRecipes.TabularClassifier, dataset, "approved", model, new Dictionary<string, string> { ["epochs"] = "30", ["hidden"] = "8" })
        {
            SensitiveColumns = ["group"],
            MaxParityGap = maxParityGap,
        }, CancellationToken.None);
}
