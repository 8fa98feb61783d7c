using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Headroom.Adapter.Hosting;
using Headroom.Adapter.Keda.Protocol;
using Headroom.Adapter.Tls;
using Headroom.Signals.Workloads;
using Microsoft.Extensions.Logging.Abstractions;
using static Headroom.Adapter.Tests.Keda.KedaAdapterFixture;

namespace Headroom.Adapter.Tests.Keda;

/// <summary>--keda-client-ca-file: the gRPC port then takes only a KEDA that presents a certificate the CA signed.</summary>
public sealed class ClientCertificateTests
{
    [Fact]
    public async Task Only_a_client_certificate_from_the_KEDA_CA_is_served()
    {
        var kedaCa = CertificateFactory.CreateAuthority("keda-ca", TimeSpan.FromDays(1));
        var otherCa = CertificateFactory.CreateAuthority("other-ca", TimeSpan.FromDays(1));
        var serving = CertificateFactory.CreateServer(["127.0.0.1"], null, TimeSpan.FromDays(1));
        var source = new ScriptedSource();
        source.Set("chat", null, (1, 1, 0.5));
        var plan = new HostPlan([new WorkloadSpec { Name = "chat", Namespace = "llm", Selector = "app=chat" }], source, SignalSettings,
            ServingCertificate.Fixed(serving, NullLogger.Instance), new X509Certificate2Collection(), KedaClientCas: new X509Certificate2Collection(kedaCa));
        await using var adapter = await RunningAdapter.StartAsync(Options(), plan);

        var trusted = WithKey(CertificateFactory.CreateClient("keda-operator", [], kedaCa, TimeSpan.FromDays(1)));
        var stranger = WithKey(CertificateFactory.CreateClient("keda-operator", [], otherCa, TimeSpan.FromDays(1)));
        var request = Ref(("workload", "chat"));

        using (var channel = OpenChannel(adapter.GrpcUrl, serving, trusted))
            Assert.Single((await new ExternalScaler.ExternalScalerClient(channel).GetMetricSpecAsync(request, Deadline())).MetricSpecs);
        foreach (var certificate in new[] { null, stranger })
        {
            using var channel = OpenChannel(adapter.GrpcUrl, serving, certificate);
            var error = await Assert.ThrowsAsync<RpcException>(() => new ExternalScaler.ExternalScalerClient(channel).GetMetricSpecAsync(request, Deadline()).ResponseAsync);
            // The handshake is refused, or the connection dropped right after it: either way no answer comes back.
            Assert.True(error.StatusCode is StatusCode.Unavailable or StatusCode.Internal, $"{certificate?.Issuer ?? "no certificate"}: {error.Status}");
        }
    }

    // SslStream presents a client certificate only when its key is usable from the platform store form.
    private static X509Certificate2 WithKey(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
}
