using System.Globalization;
using ModelService.Cli.Infrastructure;
using ModelService.Onnx.Building;
using ModelService.Onnx.Writing;
using ModelService.Testing.Onnx;
using ModelService.Testing;

namespace ModelService.Cli.Tests;

/// <summary><c>--method static|auto</c> on <c>models quantize</c> and <c>models push --quantize int8</c>, with a conv net and a calibration file.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class StaticQuantizeCommandTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();
    private readonly string _storage;
    private readonly string _name = TestNames.Model("static");

    public StaticQuantizeCommandTests(AzuriteFixture azurite)
    {
        _storage = azurite.ConnectionString;
        OnnxModelWriter.WriteFile(new CnnBuilder(3, 16, 16).ConvBlock(16).ConvBlock(32).Classes(10).Seed(5).Build(), Cnn);
        File.WriteAllText(Calibration, CalibrationJson(samples: 32));
    }

    private string Cnn => Path.Combine(_folder.Path, "cnn.onnx");

    private string Calibration => Path.Combine(_folder.Path, "cnn.calibration.json");

    private string Output => Path.Combine(_folder.Path, "out.onnx");

    [Fact]
    public async Task Quantize_with_method_static_writes_a_qdq_model_judged_on_held_out_samples()
    {
        var run = await CliRun.ExecuteAsync("models", "quantize", Cnn, Output, "--method", "static", "--calibration", Calibration, "--min-top1", "0.9", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.True(File.Exists(Output));
        var quality = run.Json.GetProperty("quality");
        Assert.Equal("static-int8-qdq", quality.GetProperty("method").GetString());
        Assert.StartsWith("static was asked for; activations uint8 calibrated by minmax on 24 samples", quality.GetProperty("methodChoice").GetString(), StringComparison.Ordinal);
        Assert.Equal(8, quality.GetProperty("calibrationSamples").GetInt64());
        Assert.True(quality.GetProperty("cosineSimilarity").GetDouble() >= 0.99);
        Assert.True(run.Json.GetProperty("after").GetProperty("operators").GetProperty("ai.onnx.DequantizeLinear").GetInt32() > 0);
    }

    [Fact]
    public async Task Auto_picks_static_for_the_conv_net_and_says_why()
    {
        var run = await CliRun.ExecuteAsync("models", "quantize", Cnn, Output, "--method", "auto", "--calibration", Calibration, "--calibration-method", "percentile", "--min-top1", "0.9", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var quality = run.Json.GetProperty("quality");
        Assert.Equal("static-int8-qdq", quality.GetProperty("method").GetString());
        Assert.Contains("auto: Conv holds", quality.GetProperty("methodChoice").GetString(), StringComparison.Ordinal);
        Assert.Contains("percentile", quality.GetProperty("methodChoice").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auto_picks_dynamic_for_the_iris_mlp()
    {
        var run = await CliRun.ExecuteAsync("models", "quantize", RepositoryPaths.Combine("models", "iris-mlp.onnx"), Output, "--method", "auto", "--calibration", RepositoryPaths.Combine("models", "iris-mlp.calibration.json"), "--json");

        Assert.Equal("dynamic-int8", run.Json.GetProperty("quality").GetProperty("method").GetString());
    }

    [Theory]
    [InlineData("--method", "fastest", "--method 'fastest' is not known")]
    [InlineData("--calibration-method", "entropy", "--calibration-method 'entropy' is not known")]
    public async Task Unknown_method_names_exit_2(string option, string value, string message)
    {
        var run = await CliRun.ExecuteAsync("models", "quantize", Cnn, Output, option, value, "--calibration", Calibration);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Output));
    }

    [Fact]
    public async Task Static_without_calibration_exits_2_and_writes_nothing()
    {
        var run = await CliRun.ExecuteAsync("models", "quantize", Cnn, Output, "--method", "static");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("needs calibration data", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Output));
    }

    [Fact]
    public async Task Push_with_quantize_int8_and_method_static_records_the_method_in_the_manifest()
    {
        var push = await CliRun.ExecuteAsync("models", "push", Cnn, "--name", _name, "--quantize", "int8", "--method", "static", "--calibration", Calibration, "--min-top1", "0.9", "--json", "--storage", _storage);

        Assert.Equal(ExitCodes.Success, push.ExitCode);
        var manifest = push.Json;
        Assert.Equal("qdq", manifest.GetProperty("quantization").GetString());
        var report = manifest.GetProperty("quantizationReport");
        Assert.Equal("static-int8-qdq", report.GetProperty("method").GetString());
        Assert.True(report.GetProperty("perChannel").GetBoolean());
        Assert.Contains("held out", report.GetProperty("calibration").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("static was asked for", report.GetProperty("methodChoice").GetString(), StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private static string CalibrationJson(int samples)
    {
        var random = new Random(11);
        var values = Enumerable.Range(0, samples * 3 * 16 * 16).Select(_ => ((random.NextSingle() * 2) - 1).ToString("R", CultureInfo.InvariantCulture));
        return $$"""{"inputs": [{"name": "image", "datatype": "FP32", "shape": [{{samples}}, 3, 16, 16], "data": [{{string.Join(',', values)}}]}]}""";
    }
}
