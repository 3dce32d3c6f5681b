using HandoffRules.Host.Hosting;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace HandoffRules.Host.Notifications;

/// <summary>Sends alerts by e-mail over SMTP (MailKit).</summary>
internal sealed class EmailNotifier(IOptions<HandoffHostOptions> options) : INotifier
{
    public string Channel => "email";

    public async Task SendAsync(string target, string body, CancellationToken cancellation)
    {
        var smtp = options.Value.Smtp;
        if (smtp.Host is null || smtp.From is null)
        {
            throw new NotConfiguredException("no SMTP server is configured (Handoff:Smtp:Host and Handoff:Smtp:From)");
        }

        var lines = body.Split('\n', 2);
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From));
        message.To.Add(MailboxAddress.Parse(target));
        message.Subject = lines[0];
        message.Body = new TextPart("plain") { Text = body };

        using var client = new SmtpClient();
        await client.ConnectAsync(smtp.Host, smtp.Port, smtp.StartTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, cancellation);
        if (smtp.User is not null)
        {
            await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", cancellation);
        }

        await client.SendAsync(message, cancellation);
        await client.DisconnectAsync(quit: true, cancellation);
    }
}
