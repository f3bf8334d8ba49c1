package io.borealis.update.gateway;

import java.net.http.HttpClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/** One RestClient to the gateway, with short timeouts: a slow service must not stall the driver. */
@Configuration(proxyBeanMethods = false)
class GatewayConfig {

    @Bean
    RestClient gatewayRestClient(RestClient.Builder builder, GatewayProperties properties) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.timeout())
                .build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(properties.timeout());
        return builder.baseUrl(properties.url().toString()).requestFactory(requests).build();
    }
}
