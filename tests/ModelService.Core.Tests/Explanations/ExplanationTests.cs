using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using ModelService.Core.Errors;
using ModelService.Core.Explanations;
using ModelService.Core.Inference;
using ModelService.Core.Tests.Inference;

namespace ModelService.Core.Tests.Explanations;

/// <summary>Explanations through the engine and real ONNX Runtime: attributions add up, are right where known, and stay within the budget.</summary>
public sealed class ExplanationTests
{
    private const string IrisRows = "5.0,3.4,1.5,0.2,5.9,2.8,4.3,1.3,6.6,3.0,5.6,2.1";

    [Theory]
    [InlineData("kernel_shap")]
    [InlineData("integrated_gradients")]
    public void Linear_model_attributions_are_weight_times_distance_from_the_baseline(string method)
    {
        using var harness = new EngineHarness(ExplanationModels.Linear());
        var response = Explain(harness, "x", 3, "1.0,2.0,3.0,-1.5,0.5,4.0", 2, $"\"explain_method\":\"{method}\",\"explain_baseline\":[0.5,0.0,-1.0]");

        var attributions = Data(response, "score:attributions");
        double[][] rows = [[1.0, 2.0, 3.0], [-1.5, 0.5, 4.0]];
        double[] baseline = [0.5, 0.0, -1.0];
        for (var row = 0; row < 2; row++)
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(ExplanationModels.LinearWeights[i] * (rows[row][i] - baseline[i]), attributions[(row * 3) + i], 4);
            }
        }

        var baselineOutput = Data(response, "score:baseline").Single();
        Assert.Equal((2 * 0.5) + (0.5 * -1.0) + ExplanationModels.LinearBias, baselineOutput, 4);
        Assert.Equal([2, 1, 3], Shape(response, "score:attributions"));
    }

    [Fact]
    public void Sampled_coalitions_still_give_a_linear_models_exact_attributions_within_the_budget()
    {
        const int width = 16;
        using var harness = new EngineHarness(ExplanationModels.WideLinear(width), new InferenceOptions { ExplainMaxEvaluations = 1_000 });
        var row = Enumerable.Range(0, width).Select(i => (i % 3) - 1.0).ToArray();
        var response = Explain(harness, "x", width, string.Join(",", row), 1, "");

        // 2^16 − 2 coalitions do not fit 1 000 evaluations, so they are sampled in pairs: 998 of them.
        Assert.Equal(1_000, Summary(response).GetProperty("evaluations").GetInt64());
        var attributions = Data(response, "score:attributions");
        for (var i = 0; i < width; i++)
        {
            Assert.Equal((i + 1 - (width / 2.0)) * row[i], attributions[i], 3);
        }
    }

    [Fact]
    public void Kernel_shap_on_the_iris_mlp_adds_up_to_each_prediction()
    {
        using var harness = new EngineHarness(ExplanationModels.Iris());
        var response = Explain(harness, "features", 4, IrisRows, 3, "\"explain_output\":\"probabilities\"");

        var summary = Summary(response);
        Assert.Equal("kernel_shap", summary.GetProperty("method").GetString());
        Assert.True(summary.GetProperty("completeness_gap").GetDouble() < 1e-6);
        AssertAddsUp(response, "probabilities", rows: 3, classes: 3, features: 4, tolerance: 1e-5);

        // Four features: all 14 proper coalitions fit the default budget, so the values are exact Shapley values:
        // 1 baseline + 3 predictions + 3 × 14 coalitions.
        Assert.Equal(1 + 3 + (3 * 14), summary.GetProperty("evaluations").GetInt64());
    }

    [Theory]
    [InlineData("")]
    [InlineData(",\"explain_baseline\":[5.8,3.0,3.8,1.2]")]
    public void Integrated_gradients_on_the_iris_mlp_add_up_within_the_stated_tolerance(string baseline)
    {
        using var harness = new EngineHarness(ExplanationModels.Iris());
        var response = Explain(harness, "features", 4, IrisRows, 3, "\"explain_output\":\"probabilities\",\"explain_method\":\"integrated_gradients\"" + baseline);

        var summary = Summary(response);
        Assert.True(summary.GetProperty("completeness_gap").GetDouble() < 1e-3, $"gap {summary.GetProperty("completeness_gap").GetDouble()}");
        AssertAddsUp(response, "probabilities", rows: 3, classes: 3, features: 4, tolerance: 1e-3);

        // The default budget leaves each row room for the most steps: 1 baseline + 3 predictions + 3 rows × 256 steps × 2 probes × 4 features.
        Assert.Equal(1 + 3 + (3 * FeatureExplainer.MaxSteps * 2 * 4), summary.GetProperty("evaluations").GetInt64());
    }

    [Fact]
    public void The_model_cards_baseline_is_used_when_the_request_gives_none_and_the_requests_wins()
    {
        using var session = new InferenceSession(ExplanationModels.Linear());
        var engine = new InferenceEngine(Options.Create(new InferenceOptions()));
        double[] card = [0.5, 0.0, -1.0];

        double BaselineOutput(string extra)
        {
            var body = new InferenceRequestBody(Encoding.UTF8.GetBytes(Request("x", 3, "1,2,3", 1, extra)), null);
            using var result = engine.Infer(session, ModelSignatureReader.Read(session), new ModelIdentity("m", "1"), body, null, card, CancellationToken.None);
            return Data(JsonDocument.Parse(result.Response.ToArray()).RootElement, "score:baseline").Single();
        }

        Assert.Equal((2 * 0.5) + (0.5 * -1.0) + ExplanationModels.LinearBias, BaselineOutput(""), 4);
        Assert.Equal(ExplanationModels.LinearBias, BaselineOutput("\"explain_baseline\":[0,0,0]"), 4);
    }

    [Fact]
    public void The_budget_bounds_the_evaluations_and_refuses_too_many_rows_naming_how_many_fit()
    {
        using var harness = new EngineHarness(ExplanationModels.Linear(), new InferenceOptions { ExplainMaxEvaluations = 40 });
        using var small = harness.Run(Request("x", 3, "1,2,3", 1, ""));
        Assert.True(small.Evaluations <= 40);
        Assert.Equal(1 + 1 + 6, small.Evaluations);

        var refused = Assert.Throws<ModelServiceException>(() => harness.Run(Request("x", 3, string.Join(",", Enumerable.Repeat("1,2,3", 10)), 10, "")));
        Assert.Equal(ErrorCode.PayloadTooLarge, refused.Code);
        Assert.Contains("Send at most 5 rows", refused.Message);
    }

    [Fact]
    public void A_model_without_one_flat_numeric_input_is_refused_with_the_reason()
    {
        using var harness = new EngineHarness(ExplanationModels.TwoInputs());
        var refused = harness.Refuse("""{"inputs":[{"name":"a","datatype":"FP32","shape":[1,2],"data":[1,2]},{"name":"b","datatype":"FP32","shape":[1,2],"data":[1,2]}],"parameters":{"explain":true}}""");

        Assert.Equal(ErrorCode.InvalidRequest, refused.Code);
        Assert.Contains("one flat numeric input", refused.Message);
    }

    [Fact]
    public void A_row_wider_than_the_explainable_width_is_refused_naming_the_limit()
    {
        var width = FeatureExplainer.MaxFeatures + 1;
        using var harness = new EngineHarness(ModelService.Testing.TestModels.AddBias(width));
        var refused = harness.Refuse(Request("x", width, string.Join(",", Enumerable.Repeat("1", width)), 1, ""));

        Assert.Equal(ErrorCode.InvalidRequest, refused.Code);
        Assert.Contains($"1 to {FeatureExplainer.MaxFeatures} features", refused.Message);
    }

    [Theory]
    [InlineData("\"explain_method\":\"lime\"", "explain_method")]
    [InlineData("\"explain_baseline\":[1,2]", "3 finite numbers")]
    [InlineData("\"explain_output\":\"nope\"", "no output 'nope'")]
    public void Bad_explanation_parameters_are_refused_naming_the_parameter(string parameters, string expected)
    {
        using var harness = new EngineHarness(ExplanationModels.Linear());
        var refused = harness.Refuse(Request("x", 3, "1,2,3", 1, parameters));

        Assert.Equal(ErrorCode.InvalidRequest, refused.Code);
        Assert.Contains(expected, refused.Message);
    }

    [Fact]
    public void Without_explain_nothing_is_added_and_nothing_extra_is_evaluated()
    {
        using var harness = new EngineHarness(ExplanationModels.Linear());
        using var result = harness.Run("""{"inputs":[{"name":"x","datatype":"FP32","shape":[1,3],"data":[1,2,3]}]}""");

        Assert.Null(result.Evaluations);
        Assert.Single(JsonDocument.Parse(result.Response.ToArray()).RootElement.GetProperty("outputs").EnumerateArray());
    }

    private static string Request(string input, int features, string data, int rows, string extra) =>
        $$$"""{"inputs":[{"name":"{{{input}}}","datatype":"FP32","shape":[{{{rows}}},{{{features}}}],"data":[{{{data}}}]}],"parameters":{"explain":true{{{(extra.Length > 0 ? "," + extra : "")}}}}}""";

    private static JsonElement Explain(EngineHarness harness, string input, int features, string data, int rows, string extra) =>
        harness.Infer(Request(input, features, data, rows, extra));

    private static JsonElement Summary(JsonElement response) => response.GetProperty("parameters").GetProperty("explanation");

    private static JsonElement Output(JsonElement response, string name) =>
        response.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == name);

    private static double[] Data(JsonElement response, string name) => [.. Output(response, name).GetProperty("data").EnumerateArray().Select(e => e.GetDouble())];

    private static long[] Shape(JsonElement response, string name) => [.. Output(response, name).GetProperty("shape").EnumerateArray().Select(e => e.GetInt64())];

    private static void AssertAddsUp(JsonElement response, string output, int rows, int classes, int features, double tolerance)
    {
        var predictions = Data(response, output);
        var attributions = Data(response, $"{output}:attributions");
        var baseline = Data(response, $"{output}:baseline");
        Assert.Equal(rows * classes, predictions.Length);
        for (var cell = 0; cell < rows * classes; cell++)
        {
            var sum = baseline[cell % classes] + attributions.Skip(cell * features).Take(features).Sum();
            Assert.True(Math.Abs(sum - predictions[cell]) <= tolerance, $"row {cell / classes} class {cell % classes}: {sum} vs {predictions[cell]}");
        }
    }
}
