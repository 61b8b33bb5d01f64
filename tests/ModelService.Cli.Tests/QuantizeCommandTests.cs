using Google.Protobuf;
using ModelService.Cli.Infrastructure;
using ModelService.Onnx.Building;
using ModelService.Testing;
using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.Cli.Tests;

/// <summary><c>models quantize</c> on the committed samples and real files; no storage involved.</summary>
public sealed class QuantizeCommandTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();
    private readonly string _iris = RepositoryPaths.Combine("models", "iris-mlp.onnx");
    private readonly string _irisCalibration = RepositoryPaths.Combine("models", "iris-mlp.calibration.json");

    private string Output => Path.Combine(_folder.Path, "out.onnx");

    [Fact]
    public async Task Quantize_writes_the_int8_model_and_prints_inspection_and_quality()
    {
        var run = await CliRun.ExecuteAsync("models", "quantize", _iris, Output, "--calibration", _irisCalibration);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(await File.ReadAllBytesAsync(RepositoryPaths.Combine("models", "iris-mlp-int8.onnx")), await File.ReadAllBytesAsync(Output));
        Assert.Contains("dynamic-int8", run.Output, StringComparison.Ordinal);
        Assert.Contains("top-1 agreement 100.00 %", run.Output, StringComparison.Ordinal);
        Assert.Contains("150 samples (iris-mlp.calibration.json)", run.Output, StringComparison.Ordinal);
        Assert.Contains("gate          passed", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quantize_with_json_prints_sizes_figures_and_node_lists()
    {
        var run = await CliRun.ExecuteAsync("models", "quantize", _iris, Output, "--calibration", _irisCalibration, "--per-channel", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var json = run.Json;
        Assert.True(json.GetProperty("written").GetBoolean());
        Assert.Equal(new FileInfo(_iris).Length, json.GetProperty("before").GetProperty("sizeBytes").GetInt64());
        Assert.Equal(new FileInfo(Output).Length, json.GetProperty("after").GetProperty("sizeBytes").GetInt64());
        Assert.Equal("dynamic-int8", json.GetProperty("after").GetProperty("quantization").GetString());
        Assert.Equal(2, json.GetProperty("after").GetProperty("operators").GetProperty("ai.onnx.MatMulInteger").GetInt32());
        var quality = json.GetProperty("quality");
        Assert.True(quality.GetProperty("perChannel").GetBoolean());
        Assert.True(quality.GetProperty("cosineSimilarity").GetDouble() > 0.99);
        Assert.Equal(1.0, quality.GetProperty("top1Agreement").GetDouble());
        Assert.Equal(150, quality.GetProperty("calibrationSamples").GetInt64());
        Assert.Equal(2, json.GetProperty("quantizedNodes").GetArrayLength());
        Assert.False(json.TryGetProperty("error", out _));
    }

    [Fact]
    public async Task A_failed_gate_exits_6_writes_nothing_and_says_why()
    {
        var run = await CliRun.ExecuteAsync("models", "quantize", _iris, Output, "--calibration", _irisCalibration, "--max-abs-error", "0.0001");

        Assert.Equal(ExitCodes.QualityGateFailed, run.ExitCode);
        Assert.False(File.Exists(Output));
        Assert.StartsWith("error: The quantized model fails the quality gate (max absolute error", run.Error, StringComparison.Ordinal);
        Assert.Contains("gate          FAILED", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_gate_in_json_mode_prints_one_document_with_the_figures_and_the_error()
    {
        var run = await CliRun.ExecuteAsync("models", "quantize", _iris, Output, "--calibration", _irisCalibration, "--min-cosine", "1", "--json");

        Assert.Equal(ExitCodes.QualityGateFailed, run.ExitCode);
        Assert.Equal("QualityGateFailed", run.Json.GetProperty("code").GetString());
        Assert.False(run.Json.GetProperty("written").GetBoolean());
        Assert.NotEmpty(run.Json.GetProperty("gateFailures").EnumerateArray());
        Assert.False(File.Exists(Output));
    }

    [Fact]
    public async Task Force_keeps_a_model_that_fails_the_gate()
    {
        var run = await CliRun.ExecuteAsync("models", "quantize", _iris, Output, "--max-abs-error", "0.0001", "--force", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.True(File.Exists(Output));
        Assert.False(run.Json.GetProperty("quality").GetProperty("gatePassed").GetBoolean());
        Assert.Equal("generated", run.Json.GetProperty("quality").GetProperty("calibration").GetString());
    }

    [Fact]
    public async Task Excluded_nodes_stay_float_and_4bit_is_refused_on_too_narrow_matmuls_by_falling_back_to_int8()
    {
        var excluded = await CliRun.ExecuteAsync("models", "quantize", _iris, Output, "--calibration", _irisCalibration, "--exclude", "Gemm_2", "--json");
        var fourBit = await CliRun.ExecuteAsync("models", "quantize", _iris, Path.Combine(_folder.Path, "q4.onnx"), "--calibration", _irisCalibration, "--weight-bits", "4", "--json");

        Assert.Equal(ExitCodes.Success, excluded.ExitCode);
        Assert.Equal(1, excluded.Json.GetProperty("after").GetProperty("operators").GetProperty("ai.onnx.Gemm").GetInt32());
        Assert.Equal(ExitCodes.Success, fourBit.ExitCode);
        Assert.Equal("int4-weight-only", fourBit.Json.GetProperty("quality").GetProperty("method").GetString());
    }

    [Theory]
    [InlineData("--weight-bits", "3")]
    [InlineData("--weight-range", "half")]
    [InlineData("--min-top1", "1.5")]
    [InlineData("--exclude", "no_such_node")]
    [InlineData("--calibration", "/nonexistent/calibration.json")]
    public async Task Bad_options_exit_2(string option, string value)
    {
        var run = await CliRun.ExecuteAsync("models", "quantize", _iris, Output, option, value);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.False(File.Exists(Output));
    }

    [Fact]
    public async Task A_corrupt_file_exits_2_with_the_readers_message()
    {
        var corrupt = Path.Combine(_folder.Path, "corrupt.onnx");
        await File.WriteAllBytesAsync(corrupt, [0xFF, 0xFF, 0xFF, 0xFF]);

        var run = await CliRun.ExecuteAsync("models", "quantize", corrupt, Output, "--json");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal("InvalidModel", run.Json.GetProperty("code").GetString());
        Assert.Contains("not an ONNX model", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_already_quantized_model_exits_2()
    {
        var run = await CliRun.ExecuteAsync("models", "quantize", RepositoryPaths.Combine("models", "iris-mlp-int8.onnx"), Output);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("already quantized", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_default_report_names_the_reduced_range_and_that_it_holds_on_every_cpu()
    {
        var run = await CliRun.ExecuteAsync("models", "quantize", _iris, Output, "--calibration", _irisCalibration, "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var quality = run.Json.GetProperty("quality");
        Assert.Equal("reduced", quality.GetProperty("weightRange").GetString());
        Assert.Contains("int8 [-64, 64]", quality.GetProperty("weightEncoding").GetString(), StringComparison.Ordinal);
        Assert.Equal("any x86-64 or ARM64 CPU", quality.GetProperty("validFor").GetString());
    }

    [Fact]
    public async Task Full_weight_range_on_iris_exits_6_naming_the_saturating_node_and_writes_nothing()
    {
        var run = await CliRun.ExecuteAsync("models", "quantize", _iris, Output, "--calibration", _irisCalibration, "--weight-range", "full");

        Assert.Equal(ExitCodes.QualityGateFailed, run.ExitCode);
        Assert.Contains("(first at node Gemm_", run.Error, StringComparison.Ordinal);
        Assert.Contains("saturate on CPUs without VNNI", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Output));
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public async Task Forced_full_weight_range_records_the_range_the_target_and_the_saturation_in_the_report()
    {
        var run = await CliRun.ExecuteAsync("models", "quantize", _iris, Output, "--calibration", _irisCalibration, "--weight-range", "full", "--force", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var quality = run.Json.GetProperty("quality");
        Assert.Equal("full", quality.GetProperty("weightRange").GetString());
        Assert.Contains("VNNI", quality.GetProperty("validFor").GetString(), StringComparison.Ordinal);
        Assert.True(quality.GetProperty("saturatedPairs").GetInt64() > 0);
        Assert.False(quality.GetProperty("gatePassed").GetBoolean());
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    [InlineData("empty")]
    public async Task A_broken_input_file_exits_2_and_leaves_no_file_behind(string kind)
    {
        var source = await File.ReadAllBytesAsync(_iris);
        var broken = Path.Combine(_folder.Path, "broken.onnx");
        await File.WriteAllBytesAsync(broken, kind switch
        {
            "garbage" => [.. Enumerable.Range(0, 4096).Select(i => (byte)((i * 131) + 7))],
            "truncated" => source[..(source.Length / 2)],
            _ => [],
        });

        var run = await CliRun.ExecuteAsync("models", "quantize", broken, Output, "--json");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.False(string.IsNullOrWhiteSpace(run.Json.GetProperty("error").GetString()));
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.Equal([broken], Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public async Task A_missing_input_file_exits_2()
    {
        var run = await CliRun.ExecuteAsync("models", "quantize", Path.Combine(_folder.Path, "missing.onnx"), Output);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("does not exist", run.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public async Task An_output_folder_that_does_not_exist_is_created_and_holds_only_the_model()
    {
        var output = Path.Combine(_folder.Path, "new", "deeper", "out.onnx");

        var run = await CliRun.ExecuteAsync("models", "quantize", _iris, output, "--calibration", _irisCalibration);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal([output], Directory.GetFiles(Path.GetDirectoryName(output)!));
    }

    [Fact]
    public async Task An_output_path_that_is_a_folder_exits_2_and_leaves_no_temporary_file()
    {
        var folder = Path.Combine(_folder.Path, "taken");
        Directory.CreateDirectory(folder);

        var run = await CliRun.ExecuteAsync("models", "quantize", _iris, folder, "--calibration", _irisCalibration);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_folder.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_model_that_cannot_be_quantized_exits_2_naming_the_node_and_the_reason()
    {
        // The MatMul's right-hand side is an input, not a constant: there is nothing to quantize ahead of time.
        var model = new OnnxGraphBuilder("two_inputs")
            .Input("x", DataType.Float, "batch", 4)
            .Input("w", DataType.Float, 4, 3)
            .Output("y", DataType.Float, "batch", 3)
            .Node("MatMul", ["x", "w"], ["y"])
            .Build();
        var path = Path.Combine(_folder.Path, "two-inputs.onnx");
        await File.WriteAllBytesAsync(path, model.ToByteArray());

        var run = await CliRun.ExecuteAsync("models", "quantize", path, Output);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("MatMul_0: the right-hand input is not a constant float32 tensor", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Output));
    }

    public void Dispose() => _folder.Dispose();
}
