using ModelService.Cli.Infrastructure;
using ModelService.Testing;

namespace ModelService.Cli.Tests;

/// <summary><c>models push --card</c>: a card file checked against the schema, stored with the version, shown by <c>models show</c>.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ModelCardCommandTests : IDisposable
{
    private const string Card = """
        {"intendedUse": "Adding a bias in tests.", "limitations": "None known.", "license": "Apache-2.0",
         "trainingData": "Hand-written weights.", "evaluationMetrics": {"exactness": 1}, "explanationBaseline": [1, 2, 3]}
        """;

    private readonly string _storage;
    private readonly string _modelFile = TestModels.WriteTemporary(TestModels.AddBias(3));
    private readonly string _cardFile = Path.Combine(Path.GetTempPath(), $"modelsvc-card-{Guid.NewGuid():N}.json");
    private readonly string _name = TestNames.Model("cardcli");

    public ModelCardCommandTests(AzuriteFixture azurite)
    {
        _storage = azurite.ConnectionString;
    }

    [Fact]
    public async Task A_card_file_is_stored_with_the_version_and_shown()
    {
        await File.WriteAllTextAsync(_cardFile, Card);

        var push = await Cli("models", "push", _modelFile, "--name", _name, "--card", _cardFile, "--description", "adds a bias");
        var show = await Cli("models", "show", _name);
        var json = await Cli("models", "show", _name, "--json");

        Assert.Equal(ExitCodes.Success, push.ExitCode);
        Assert.Contains("license       Apache-2.0", show.Output, StringComparison.Ordinal);
        Assert.Contains("training data Hand-written weights.", show.Output, StringComparison.Ordinal);
        Assert.Contains("evaluation    exactness=1", show.Output, StringComparison.Ordinal);
        var card = json.Json.GetProperty("card");
        Assert.Equal("adds a bias", card.GetProperty("description").GetString());
        Assert.Equal([1.0, 2.0, 3.0], card.GetProperty("explanationBaseline").EnumerateArray().Select(e => e.GetDouble()));
    }

    [Fact]
    public async Task A_card_without_a_required_field_is_bad_input_naming_it_and_nothing_is_published()
    {
        await File.WriteAllTextAsync(_cardFile, """{"intendedUse": "x", "limitations": "y", "trainingData": "z", "evaluationMetrics": {"a": 1}}""");

        var push = await Cli("models", "push", _modelFile, "--name", _name, "--card", _cardFile);
        var show = await Cli("models", "show", _name);

        Assert.Equal(ExitCodes.BadInput, push.ExitCode);
        Assert.Contains("card.license", push.Error, StringComparison.Ordinal);
        Assert.NotEqual(ExitCodes.Success, show.ExitCode);
    }

    public void Dispose()
    {
        File.Delete(_modelFile);
        File.Delete(_cardFile);
    }

    private Task<CliRun> Cli(params string[] args) => CliRun.ExecuteAsync([.. args, "--storage", _storage]);
}
