using System.Security.Cryptography.X509Certificates;
using Gateway.Configuration;

namespace Gateway.Silo.Configuration;

/// <summary>Loads the cluster's PKCS#12 certificate from Gateway:Cluster:Tls (a path, a file:// reference, or env:// holding base64).</summary>
public static class ClusterCertificate
{
    public static X509Certificate2 Load(ClusterTlsOptions tls)
    {
        var reference = tls.Certificate ?? throw new InvalidOperationException("no certificate is set");
        var password = tls.Password is null ? null : SecretReference.Resolve(tls.Password);
        byte[] contents;
        if (reference.StartsWith("env://", StringComparison.Ordinal))
        {
            var text = SecretReference.Resolve(reference);
            try
            {
                contents = Convert.FromBase64String(text);
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"the environment variable named by '{reference}' must hold the PKCS#12 file in base64");
            }
        }
        else
        {
            var path = reference.StartsWith("file://", StringComparison.Ordinal) ? new Uri(reference).LocalPath : reference;
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"no file at '{path}'");
            }

            contents = File.ReadAllBytes(path);
        }

        var certificate = X509CertificateLoader.LoadPkcs12(contents, password, X509KeyStorageFlags.EphemeralKeySet);
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new InvalidOperationException("the certificate has no private key: a silo must be able to prove it holds it");
        }

        return certificate;
    }
}
