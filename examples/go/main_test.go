// Package example tests against stigg-emulator with Stigg's Go client (github.com/stiggio/api-client-go/v6).
//
// How the emulator gets here: `npm install` in this directory installs the package (package.json
// names the packed tarball, npm-packages/stigg-emulator.tgz; a registry version or a path works the same
// way), so its bin is node_modules/.bin/stigg-emulator. It is started directly, never through npx.
//
// Two ways to run the suite:
//
//	go test ./...                                               # TestMain starts an emulator
//	node_modules/.bin/stigg-emulator exec -- go test ./...      # exec starts one around go test
//
// Under exec, TestMain finds STIGG_EMULATOR_URL and starts nothing. Either way nothing is left
// running afterwards: TestMain stops the emulator (SIGTERM, then waits), and the emulator also exits
// by itself when the test binary goes away (a panic, a -timeout, a cancelled CI step).
package example

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	stigg "github.com/stiggio/api-client-go/v6"
)

var emulatorURL string

func TestMain(m *testing.M) {
	if url := os.Getenv("STIGG_EMULATOR_URL"); url != "" {
		emulatorURL = url
		os.Exit(m.Run())
	}
	stop, err := startEmulator()
	if err != nil {
		fmt.Fprintln(os.Stderr, "stigg-emulator:", err)
		os.Exit(1)
	}
	code := m.Run()
	stop()
	os.Exit(code)
}

// startEmulator runs node_modules/.bin/stigg-emulator on a free port and reads its URL from the one
// JSON log line that says "ready". The returned function stops it.
func startEmulator() (func(), error) {
	cmd := exec.Command("node_modules/.bin/stigg-emulator", "--port", "0", "--edge-port", "-1", "--log-format", "json")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("%w (run `npm install` in this directory first)", err)
	}
	ready := make(chan string, 1)
	go func() { // keep draining the log after the ready line, so the pipe never fills
		scanner := bufio.NewScanner(out)
		for scanner.Scan() {
			var line struct{ Msg, URL string }
			if json.Unmarshal(scanner.Bytes(), &line) == nil && line.Msg == "ready" {
				ready <- line.URL
			}
		}
	}()
	stop := func() {
		_ = cmd.Process.Signal(syscall.SIGTERM) // the emulator closes cleanly and exits 0
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	}
	select {
	case emulatorURL = <-ready:
		return stop, nil
	case <-time.After(30 * time.Second):
		stop()
		return nil, fmt.Errorf("not ready within 30 s")
	}
}

// environment is an isolated emulator environment for one test: its own key (server-<name>), clock and data.
type environment struct {
	name   string
	client stigg.StiggClient
}

func newEnvironment(t *testing.T) environment {
	t.Helper()
	name := fmt.Sprintf("go-%d", time.Now().UnixNano())
	url := emulatorURL + "/graphql"
	return environment{name: name, client: stigg.NewStiggClient("server-"+name, nil, &url)}
}

// moveClock moves the environment's clock (`{"advance":"P14D"}`, `{"to":"2030-01-01T00:00:00Z","frozen":true}`);
// whatever is due on the way is applied before it returns. It answers the types of the transitions applied.
func (e environment) moveClock(t *testing.T, move string) []string {
	t.Helper()
	res, err := http.Post(emulatorURL+"/_emulator/environments/"+e.name+"/clock", "application/json", strings.NewReader(move))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var answer struct{ Applied []struct{ Type string } }
	if res.StatusCode != 200 || json.NewDecoder(res.Body).Decode(&answer) != nil {
		t.Fatalf("clock: HTTP %d", res.StatusCode)
	}
	types := make([]string, 0, len(answer.Applied))
	for _, a := range answer.Applied {
		types = append(types, a.Type)
	}
	return types
}
