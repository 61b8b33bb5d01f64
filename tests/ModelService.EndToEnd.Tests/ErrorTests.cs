using System.Net;
using Azure.Storage.Blobs;
using ModelService.Testing;

namespace ModelService.EndToEnd.Tests;

/// <summary>Every v2 error status the HTTP functions give, as a client sees it through the host.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ErrorTests
{
    private const int Width = 3;
    private readonly EndToEndFixture _fixture;

    public ErrorTests(EndToEndFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Unknown_model_version_or_alias_is_404()
    {
        var name = await _fixture.PublishAsync(TestModels.AddBias(Width));
        var request = V2.Json(V2.InferRequest([1f, 2f, 3f], 1));

        await V2.ErrorAsync(await _fixture.Http.PostAsync("v2/models/no-such-model/infer", request), HttpStatusCode.NotFound, "no-such-model");
        await V2.ErrorAsync(await _fixture.Http.PostAsync($"v2/models/{name}/versions/7/infer", V2.Json(V2.InferRequest([1f, 2f, 3f], 1))), HttpStatusCode.NotFound, "version 7");
        await V2.ErrorAsync(await _fixture.Http.GetAsync($"v2/models/{name}/versions/canary"), HttpStatusCode.NotFound, "canary");
        await V2.ErrorAsync(await _fixture.Http.GetAsync("v2/models/no-such-model/ready"), HttpStatusCode.NotFound, "no-such-model");
    }

    [Theory]
    [InlineData("Bad.Name", null, "name")]
    [InlineData("good", "0", "version")]
    [InlineData("good", "-1", "alias")]
    public async Task Malformed_model_reference_is_400(string model, string? version, string fragment)
    {
        var path = version is null ? $"v2/models/{model}/infer" : $"v2/models/{model}/versions/{version}/infer";

        using var response = await _fixture.Http.PostAsync(path, V2.Json(V2.InferRequest([1f, 2f, 3f], 1)));

        await V2.ErrorAsync(response, HttpStatusCode.BadRequest, fragment);
    }

    [Fact]
    public async Task Malformed_json_is_400()
    {
        var name = await _fixture.PublishAsync(TestModels.AddBias(Width));

        using var response = await _fixture.Http.PostAsync($"v2/models/{name}/infer", V2.Json("{\"inputs\": [ {\"name\": "));

        await V2.ErrorAsync(response, HttpStatusCode.BadRequest, "json");
    }

    [Fact]
    public async Task Request_that_does_not_fit_the_model_is_400_naming_the_tensor()
    {
        var name = await _fixture.PublishAsync(TestModels.AddBias(Width));

        using var wrongShape = await _fixture.Http.PostAsync($"v2/models/{name}/infer", V2.Json("""{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}"""));
        using var unknownInput = await _fixture.Http.PostAsync($"v2/models/{name}/infer", V2.Json("""{"inputs":[{"name":"z","shape":[1,3],"datatype":"FP32","data":[1,2,3]}]}"""));

        await V2.ErrorAsync(wrongShape, HttpStatusCode.BadRequest, "x");
        await V2.ErrorAsync(unknownInput, HttpStatusCode.BadRequest, "z");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Body_over_the_limit_is_413_with_or_without_content_length(bool chunked)
    {
        var name = await _fixture.PublishAsync(TestModels.AddBias(Width));
        var huge = V2.InferRequest(Enumerable.Repeat(1.25f, 30_000).ToArray(), rows: 10_000);
        HttpContent content = chunked
            ? new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(huge)))
            : V2.Json(huge);
        if (chunked)
        {
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"v2/models/{name}/infer") { Content = content };
        if (chunked)
        {
            request.Headers.TransferEncodingChunked = true;
        }

        using var response = await _fixture.Http.SendAsync(request);

        await V2.ErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, EndToEndFixture.MaxRequestBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Model_that_fails_its_integrity_check_is_503()
    {
        // A bias no other test uses: the worker's disk cache is content-addressed, and a copy of the same model
        // from another test would be served without a download, so without the check this test is about.
        var offset = 1000f + Random.Shared.Next(1_000_000);
        var name = await _fixture.PublishAsync(TestModels.AddBias(Width, offset));
        await new BlobContainerClient(_fixture.Azurite.ConnectionString, _fixture.ContainerName)
            .GetBlobClient($"{name}/1/model.onnx").UploadAsync(BinaryData.FromBytes(TestModels.AddBias(Width, 5f)), overwrite: true);

        using var response = await _fixture.Http.PostAsync($"v2/models/{name}/infer", V2.Json(V2.InferRequest([1f, 2f, 3f], 1)));

        await V2.ErrorAsync(response, HttpStatusCode.ServiceUnavailable, "integrity");
    }
}
