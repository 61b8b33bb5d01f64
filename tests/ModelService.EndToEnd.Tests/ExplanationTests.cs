using System.Net;
using System.Text;
using ModelService.Core.Registry;
using ModelService.Testing;

namespace ModelService.EndToEnd.Tests;

/// <summary><c>parameters.explain</c> through the real worker: attributions in the answer, the evaluations said and billed.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ExplanationTests
{
    private readonly EndToEndFixture _fixture;

    public ExplanationTests(EndToEndFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task An_explained_call_returns_attributions_that_add_up_and_is_billed_by_its_evaluations()
    {
        var tenant = TestNames.Tenant("explain");
        using var client = _fixture.Client(await _fixture.CreateTenantKeyAsync(tenant, requestsPerSecond: 0, spendCapMicros: null));
        var name = await _fixture.PublishAsync(TestModels.AddBias(3, 1f), new ModelPublication { Name = TestNames.Model("explain"), Pricing = new ModelPricing(1_000, 10) });
        const string body = """{"inputs":[{"name":"x","datatype":"FP32","shape":[2,3],"data":[1,2,3,4,5,6]}],"parameters":{"explain":true}}""";

        var answer = await V2.ReadJsonAsync(await client.PostAsync($"v2/models/{name}/infer", new StringContent(body, Encoding.UTF8, "application/json")), HttpStatusCode.OK);

        var summary = answer.GetProperty("parameters").GetProperty("explanation");
        var evaluations = summary.GetProperty("evaluations").GetInt64();
        Assert.Equal(1 + 2 + (2 * 6), evaluations);
        var outputs = answer.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
        double[] attributions = [.. outputs["y:attributions"].GetProperty("data").EnumerateArray().Select(e => e.GetDouble())];
        double[] expected = [1, 0, 0, 0, 2, 0, 0, 0, 3, 4, 0, 0, 0, 5, 0, 0, 0, 6];
        Assert.Equal(expected.Length, attributions.Length);
        Assert.All(expected.Zip(attributions), pair => Assert.Equal(pair.First, pair.Second, 4));
        Assert.Equal([1.0, 2.0, 3.0], outputs["y:baseline"].GetProperty("data").EnumerateArray().Select(e => e.GetDouble()));

        var ledger = await Eventually.GetAsync(
            () => _fixture.Ledger.QueryLedgerAsync(tenant, Today.AddDays(-1), Today, CancellationToken.None),
            rows => rows.Count >= 1,
            TimeSpan.FromSeconds(60),
            $"the usage event of {tenant}");
        var usage = Assert.Single(ledger);
        Assert.Equal((2L, evaluations, 1_000 + (10 * (2 + evaluations))), (usage.Items, usage.Evaluations, usage.AmountMicros));
    }

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);
}
