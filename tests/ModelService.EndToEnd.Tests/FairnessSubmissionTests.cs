using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ModelService.Core.Tenancy;

namespace ModelService.EndToEnd.Tests;

/// <summary>A training job's fairness fields over HTTP: kept on the job, and checked at submission.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class FairnessSubmissionTests(EndToEndFixture fixture)
{
    [Fact]
    public async Task Sensitive_columns_and_the_gate_are_kept_on_the_job_and_a_gate_without_columns_is_400()
    {
        var key = await fixture.CreateKeyAsync(ApiKeyScopes.Train);
        using var upload = await SendAsync(HttpMethod.Post, "api/datasets/loans", key, new StringContent("income,group,approved\n1,a,yes\n2,b,no\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);

        var job = await V2.ReadJsonAsync(await SendAsync(HttpMethod.Post, "api/training-jobs", key, V2.Json(
            """{"recipe":"tabular-classifier","dataset":"loans","label":"approved","outputModel":"loans-fair","sensitiveColumns":["group"],"maxParityGap":0.1}""")), HttpStatusCode.Accepted);
        await V2.ErrorAsync(await SendAsync(HttpMethod.Post, "api/training-jobs", key, V2.Json(
            """{"recipe":"tabular-classifier","dataset":"loans","label":"approved","outputModel":"loans-fair","maxParityGap":0.1}""")), HttpStatusCode.BadRequest, "maxParityGap needs sensitiveColumns");

        Assert.Equal(["group"], job.GetProperty("sensitiveColumns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(0.1, job.GetProperty("maxParityGap").GetDouble());
        Assert.False(job.GetProperty("useSensitiveAsFeatures").GetBoolean());
        var id = job.GetProperty("id").GetString();
        await V2.ReadJsonAsync(await SendAsync(HttpMethod.Post, $"api/training-jobs/{id}/cancel", key), HttpStatusCode.OK);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string key, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await fixture.Http.SendAsync(request);
    }
}
