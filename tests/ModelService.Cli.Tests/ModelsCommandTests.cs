using System.Security.Cryptography;
using ModelService.Cli.Infrastructure;
using ModelService.Testing;

namespace ModelService.Cli.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class ModelsCommandTests : IDisposable
{
    private readonly string _storage;
    private readonly string _modelFile = TestModels.WriteTemporary(TestModels.AddBias(3));
    private readonly string _name = TestNames.Model("cli");

    public ModelsCommandTests(AzuriteFixture azurite)
    {
        _storage = azurite.ConnectionString;
    }

    [Fact]
    public async Task Push_then_show_returns_the_manifest_computed_from_the_file()
    {
        var push = await Cli("models", "push", _modelFile, "--name", _name, "--version", "1", "--price-per-call", "0.0005", "--description", "adds a bias", "--json");
        var show = await Cli("models", "show", $"{_name}:1", "--json");

        Assert.Equal(ExitCodes.Success, push.ExitCode);
        Assert.Equal(ExitCodes.Success, show.ExitCode);
        var manifest = show.Json;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(_modelFile))), manifest.GetProperty("sha256").GetString());
        Assert.Equal(500, manifest.GetProperty("pricing").GetProperty("perCallMicros").GetInt64());
        Assert.Equal("adds a bias", manifest.GetProperty("card").GetProperty("description").GetString());
        var input = manifest.GetProperty("inputs")[0];
        Assert.Equal("x", input.GetProperty("name").GetString());
        Assert.Equal([-1L, 3L], input.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
    }

    [Fact]
    public async Task Show_prints_a_readable_summary_without_json()
    {
        await Cli("models", "push", _modelFile, "--name", _name);

        var show = await Cli("models", "show", _name);

        Assert.Equal(ExitCodes.Success, show.ExitCode);
        Assert.Contains($"{_name}:1", show.Output, StringComparison.Ordinal);
        Assert.Contains("input         x FP32 [dynamic, 3]", show.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_input_set_at_push_is_shown_and_one_the_model_lacks_exits_2_and_is_audited_only_when_published()
    {
        var push = await Cli("models", "push", _modelFile, "--name", _name, "--batch-input", "x", "--json");
        var show = await Cli("models", "show", _name);
        var refused = await Cli("models", "push", _modelFile, "--name", _name, "--batch-input", "nope");
        var audit = await Cli("audit", "list", "--limit", "1000", "--json");

        Assert.Equal(ExitCodes.Success, push.ExitCode);
        Assert.Equal("x", push.Json.GetProperty("batchInput").GetString());
        Assert.Contains("leading size of input 'x'", show.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, refused.ExitCode);
        Assert.Single(audit.Json.EnumerateArray(), e => e.GetProperty("target").GetString()!.StartsWith($"model:{_name}:", StringComparison.Ordinal) && e.GetProperty("action").GetString() == "model.publish");
    }

    [Fact]
    public async Task A_private_model_shows_its_owner_and_keeps_it_for_every_version()
    {
        var first = await Cli("models", "push", _modelFile, "--name", _name, "--private-to", "acme");
        var show = await Cli("models", "show", _name);
        var publicAgain = await Cli("models", "push", _modelFile, "--name", _name);

        Assert.Equal(ExitCodes.Success, first.ExitCode);
        Assert.Contains("private to tenant acme", show.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Conflict, publicAgain.ExitCode);
        Assert.Contains("private to tenant 'acme'", publicAgain.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pushing_an_existing_version_again_exits_4()
    {
        await Cli("models", "push", _modelFile, "--name", _name, "--version", "1");

        var again = await Cli("models", "push", _modelFile, "--name", _name, "--version", "1");

        Assert.Equal(ExitCodes.Conflict, again.ExitCode);
        Assert.StartsWith("error: ", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_onnx_runtime_cannot_load_exits_2_with_a_message_and_json_error()
    {
        var garbage = Path.GetTempFileName();
        await File.WriteAllBytesAsync(garbage, [1, 2, 3, 4, 5]);

        var push = await Cli("models", "push", garbage, "--name", _name, "--json");

        File.Delete(garbage);
        Assert.Equal(ExitCodes.BadInput, push.ExitCode);
        Assert.Contains("not an ONNX model", push.Error, StringComparison.Ordinal);
        Assert.Equal("InvalidModel", push.Json.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("Upper")]
    public async Task An_invalid_model_name_exits_2(string name) =>
        Assert.Equal(ExitCodes.BadInput, (await Cli("models", "push", _modelFile, "--name", name)).ExitCode);

    [Fact]
    public async Task Showing_an_unknown_model_exits_3() =>
        Assert.Equal(ExitCodes.NotFound, (await Cli("models", "show", _name)).ExitCode);

    [Fact]
    public async Task An_alias_set_on_a_version_resolves_and_one_on_a_missing_version_exits_3()
    {
        await Cli("models", "push", _modelFile, "--name", _name);
        await Cli("models", "push", _modelFile, "--name", _name);

        var set = await Cli("models", "alias", "set", _name, "prod", "1");
        var shown = await Cli("models", "show", $"{_name}@prod", "--json");
        var missing = await Cli("models", "alias", "set", _name, "prod", "9");

        Assert.Equal(ExitCodes.Success, set.ExitCode);
        Assert.Equal(1, shown.Json.GetProperty("version").GetInt32());
        Assert.Equal(ExitCodes.NotFound, missing.ExitCode);
    }

    [Fact]
    public async Task List_shows_each_model_with_its_versions_and_aliases()
    {
        await Cli("models", "push", _modelFile, "--name", _name, "--alias", "prod");
        await Cli("models", "push", _modelFile, "--name", _name);

        var list = await Cli("models", "list", "--json");

        var model = list.Json.EnumerateArray().Single(m => m.GetProperty("name").GetString() == _name);
        Assert.Equal([1, 2], model.GetProperty("versions").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(2, model.GetProperty("latest").GetInt32());
        Assert.Equal(1, model.GetProperty("aliases").GetProperty("prod").GetInt32());
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("0.0000001")]
    public async Task A_price_that_is_negative_not_a_number_or_finer_than_a_micro_unit_exits_2(string price) =>
        Assert.Equal(ExitCodes.BadInput, (await Cli("models", "push", _modelFile, "--name", _name, "--price-per-call", price)).ExitCode);

    [Fact]
    public async Task Unreachable_storage_exits_5_quickly()
    {
        var closedPort = CannedHttpServer.FreePort();
        var started = DateTime.UtcNow;

        var run = await CliRun.ExecuteAsync("models", "list", "--storage", AzuriteFixture.ConnectionStringFor(closedPort, closedPort, closedPort));

        Assert.Equal(ExitCodes.Unavailable, run.ExitCode);
        Assert.Contains("cannot be reached", run.Error, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Unknown_options_exit_2() =>
        Assert.Equal(ExitCodes.BadInput, (await Cli("models", "list", "--no-such-option")).ExitCode);

    public void Dispose() => File.Delete(_modelFile);

    [Fact]
    public async Task Push_with_quantize_int8_publishes_the_int8_model_with_its_quality_in_the_manifest()
    {
        var iris = RepositoryPaths.Combine("models", "iris-mlp.onnx");

        var push = await Cli("models", "push", iris, "--name", _name, "--quantize", "int8", "--calibration", RepositoryPaths.Combine("models", "iris-mlp.calibration.json"), "--json");
        var show = await Cli("models", "show", $"{_name}:1");

        Assert.Equal(ExitCodes.Success, push.ExitCode);
        var manifest = push.Json;
        Assert.Equal("dynamic-int8", manifest.GetProperty("quantization").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(RepositoryPaths.Combine("models", "iris-mlp-int8.onnx")))), manifest.GetProperty("sha256").GetString());
        var report = manifest.GetProperty("quantizationReport");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(iris))), report.GetProperty("sourceSha256").GetString());
        Assert.Equal("dynamic-int8", report.GetProperty("method").GetString());
        Assert.False(report.GetProperty("perChannel").GetBoolean());
        Assert.InRange(report.GetProperty("maxAbsoluteError").GetDouble(), 0, 0.5);
        Assert.True(report.GetProperty("cosineSimilarity").GetDouble() > 0.99);
        Assert.Equal(1.0, report.GetProperty("top1Agreement").GetDouble());
        Assert.Equal(150, report.GetProperty("calibrationSamples").GetInt64());
        Assert.True(report.GetProperty("gatePassed").GetBoolean());
        Assert.Contains("quantized from sha256", show.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_with_quantize_refuses_to_publish_past_a_failed_gate_unless_forced()
    {
        var iris = RepositoryPaths.Combine("models", "iris-mlp.onnx");

        var refused = await Cli("models", "push", iris, "--name", _name, "--quantize", "int8", "--max-abs-error", "0.0001");
        var versions = await Cli("models", "show", _name);
        var forced = await Cli("models", "push", iris, "--name", _name, "--quantize", "int8", "--max-abs-error", "0.0001", "--force", "--per-channel", "--json");

        Assert.Equal(ExitCodes.QualityGateFailed, refused.ExitCode);
        Assert.Contains("nothing was published", refused.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.NotFound, versions.ExitCode);
        Assert.Equal(ExitCodes.Success, forced.ExitCode);
        var report = forced.Json.GetProperty("quantizationReport");
        Assert.False(report.GetProperty("gatePassed").GetBoolean());
        Assert.True(report.GetProperty("perChannel").GetBoolean());
        Assert.Equal("generated", report.GetProperty("calibration").GetString());
    }

    [Fact]
    public async Task Push_with_a_full_weight_range_that_would_saturate_on_avx2_publishes_nothing_and_exits_6()
    {
        var iris = RepositoryPaths.Combine("models", "iris-mlp.onnx");

        var refused = await Cli("models", "push", iris, "--name", _name, "--quantize", "int8", "--weight-range", "full", "--calibration", RepositoryPaths.Combine("models", "iris-mlp.calibration.json"));
        var versions = await Cli("models", "show", _name);
        var reduced = await Cli("models", "push", iris, "--name", _name, "--quantize", "int8", "--calibration", RepositoryPaths.Combine("models", "iris-mlp.calibration.json"), "--json");

        Assert.Equal(ExitCodes.QualityGateFailed, refused.ExitCode);
        Assert.Contains("saturate on CPUs without VNNI", refused.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was published", refused.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.NotFound, versions.ExitCode);
        Assert.Equal(ExitCodes.Success, reduced.ExitCode);
        Assert.Equal("reduced", reduced.Json.GetProperty("quantizationReport").GetProperty("weightRange").GetString());
        Assert.Equal("any x86-64 or ARM64 CPU", reduced.Json.GetProperty("quantizationReport").GetProperty("validFor").GetString());
    }

    [Fact]
    public async Task Push_without_quantize_leaves_the_report_out_of_the_manifest()
    {
        var push = await Cli("models", "push", _modelFile, "--name", _name, "--json");

        Assert.Equal(ExitCodes.Success, push.ExitCode);
        Assert.False(push.Json.TryGetProperty("quantizationReport", out _));
    }

    [Fact]
    public async Task Push_with_an_unknown_quantize_method_exits_2() =>
        Assert.Equal(ExitCodes.BadInput, (await Cli("models", "push", RepositoryPaths.Combine("models", "iris-mlp.onnx"), "--name", _name, "--quantize", "int2")).ExitCode);

    private Task<CliRun> Cli(params string[] args) => CliRun.ExecuteAsync([.. args, "--storage", _storage]);
}
