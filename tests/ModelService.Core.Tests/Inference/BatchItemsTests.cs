using ModelService.Testing;

namespace ModelService.Core.Tests.Inference;

/// <summary>
/// Per-item billing counts rows on a defined batch axis. tabular-scorer broadcasts: features [1,3] with category [5]
/// computes 5 scores, so it is 5 items, not the 1 the first input's leading size would say.
/// </summary>
public sealed class BatchItemsTests
{
    private static readonly byte[] TabularScorer = File.ReadAllBytes(RepositoryPaths.Combine("models", "tabular-scorer.onnx"));

    [Theory]
    [InlineData(1, 5, 5)]
    [InlineData(5, 1, 5)]
    [InlineData(4, 4, 4)]
    [InlineData(1, 1, 1)]
    public void Items_are_the_rows_the_graph_computed_even_when_inputs_broadcast(int featureRows, int categories, long items)
    {
        using var engine = new EngineHarness(TabularScorer);

        var result = engine.Run(Request(featureRows, categories, outputs: null));

        Assert.Equal(items, result.BatchSize);
    }

    [Fact]
    public void Asking_only_for_some_outputs_does_not_change_the_items_billed()
    {
        using var engine = new EngineHarness(TabularScorer);

        var all = engine.Run(Request(1, 5, outputs: null));
        var above = engine.Run(Request(1, 5, outputs: "above"));

        Assert.Equal((5L, 5L), (all.BatchSize, above.BatchSize));
        Assert.Equal(["above"], engine.Infer(Request(1, 5, outputs: "above")).GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
    }

    [Theory]
    [InlineData("features", 1L)]
    [InlineData("category", 5L)]
    public void A_batch_input_named_at_publish_defines_the_items(string batchInput, long items)
    {
        using var engine = new EngineHarness(TabularScorer, batchInput: batchInput);

        Assert.Equal(items, engine.Run(Request(1, 5, outputs: null)).BatchSize);
    }

    private static string Request(int featureRows, int categories, string? outputs)
    {
        var features = string.Join(',', Enumerable.Repeat("1.0,2.0,0.5", featureRows));
        var category = string.Join(',', Enumerable.Range(0, categories).Select(i => i % 4));
        var requested = outputs is null ? string.Empty : $$""","outputs":[{"name":"{{outputs}}"}]""";
        return $$"""{"inputs":[{"name":"features","shape":[{{featureRows}},3],"datatype":"FP32","data":[{{features}}]},{"name":"category","shape":[{{categories}}],"datatype":"INT64","data":[{{category}}]},{"name":"threshold","shape":[],"datatype":"FP32","data":[2.0]}]{{requested}}}""";
    }
}
