package dev.suture.control.signal;

import dev.suture.control.api.InvalidRequestException;
import dev.suture.model.fleet.ConfigStream;
import dev.suture.model.signal.SignalReport;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where gateways post their traffic reports, one per window. A report is answered 202 whether it was counted, was a
 * retry already counted, or came too late to count: in each case the gateway has nothing more to do with it.
 */
@RestController
class SignalReportController {

    private final SignalWindows windows;

    SignalReportController(SignalWindows windows) {
        this.windows = windows;
    }

    @PostMapping(ConfigStream.REPORT_PATH)
    ResponseEntity<Void> report(@PathVariable String gatewayId, @RequestBody SignalReport report) {
        if (!report.gatewayId().equals(gatewayId)) {
            throw new InvalidRequestException(
                    "gatewayId",
                    "must be the gateway in the path '" + gatewayId + "' but was '" + report.gatewayId() + "'");
        }
        windows.accept(report);
        return ResponseEntity.accepted().build();
    }
}
