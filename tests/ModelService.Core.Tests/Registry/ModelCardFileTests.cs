using System.Text;
using System.Text.Json;
using ModelService.Core.Errors;
using ModelService.Core.Registry;
using ModelService.Testing;

namespace ModelService.Core.Tests.Registry;

/// <summary>The card file's reader against its published schema: the same properties, the same required ones, refusals that name the property.</summary>
public sealed class ModelCardFileTests
{
    private const string Valid = """
        {"description": "d", "intendedUse": "u", "limitations": "l", "license": "MIT", "trainingData": "t",
         "evaluationMetrics": {"accuracy": 0.97}, "classNames": ["a", "b"], "explanationBaseline": [0.5, 1]}
        """;

    [Fact]
    public void The_reader_knows_exactly_the_schemas_properties_and_required_ones()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("docs", "schemas", "model-card.schema.json")));
        var root = schema.RootElement;

        Assert.Equal(root.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(), ModelCardFile.Properties.Order());
        Assert.Equal(root.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).Order(), ModelCardFile.Required.Order());
        Assert.False(root.GetProperty("additionalProperties").GetBoolean());
    }

    [Fact]
    public void A_valid_card_is_read_whole()
    {
        var card = ModelCardFile.Parse(Encoding.UTF8.GetBytes(Valid));

        Assert.Equal(("d", "u", "l", "MIT", "t"), (card.Description, card.IntendedUse, card.Limitations, card.License, card.TrainingData));
        Assert.Equal(0.97, card.EvaluationMetrics!["accuracy"]);
        Assert.Equal(["a", "b"], card.ClassNames);
        Assert.Equal([0.5, 1.0], card.ExplanationBaseline);
    }

    [Theory]
    [InlineData("""{"intendedUse": "u", "limitations": "l", "license": "MIT", "evaluationMetrics": {"a": 1}}""", "card.trainingData")]
    [InlineData("""{"intendedUse": "u", "limitations": "l", "license": "MIT", "trainingData": "t", "evaluationMetrics": {"a": 1}, "owner": "x"}""", "card.owner")]
    [InlineData("""{"intendedUse": "", "limitations": "l", "license": "MIT", "trainingData": "t", "evaluationMetrics": {"a": 1}}""", "card.intendedUse")]
    [InlineData("""{"intendedUse": "u", "limitations": "l", "license": "MIT", "trainingData": "t", "evaluationMetrics": {"a": "high"}}""", "card.evaluationMetrics.a")]
    [InlineData("""{"intendedUse": "u", "limitations": "l", "license": "MIT", "trainingData": "t", "evaluationMetrics": {}}""", "card.evaluationMetrics")]
    [InlineData("""{"intendedUse": "u", "limitations": "l", "license": "MIT", "trainingData": "t", "evaluationMetrics": {"a": 1}, "explanationBaseline": ["0"]}""", "card.explanationBaseline")]
    [InlineData("""[1]""", "JSON object")]
    [InlineData("""{"intendedUse": """, "not valid JSON")]
    public void A_card_off_the_schema_is_refused_naming_the_property(string json, string expected)
    {
        var refused = Assert.Throws<ModelServiceException>(() => ModelCardFile.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(ErrorCode.InvalidRequest, refused.Code);
        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
    }
}
