package org.acme.manage.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

class OtlpSinkTest {

    @Test
    void countsTheExportsItIsSentAndAnswersThem() throws Exception {
        try (OtlpSink sink = OtlpSink.start()) {
            String endpoint = sink.serviceEnvironment().get("OTEL_EXPORTER_OTLP_ENDPOINT");
            assertThat(endpoint).startsWith("http://127.0.0.1:");
            assertThat(sink.serviceEnvironment()).containsEntry("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");

            HttpClient client = HttpClient.newHttpClient();
            for (int i = 0; i < 2; i++) {
                HttpResponse<Void> answer = client.send(HttpRequest.newBuilder(URI.create(endpoint + "/v1/traces"))
                        .header("Content-Type", "application/x-protobuf")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[100])).build(),
                        HttpResponse.BodyHandlers.discarding());
                assertThat(answer.statusCode()).isEqualTo(200);
            }

            assertThat(sink.exports()).isEqualTo(2);
            assertThat(sink.bytes()).isEqualTo(200);
        }
    }
}
