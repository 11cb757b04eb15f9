#pragma once
// Running the truceline binary from tests: arguments, stdin, captured output.

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace truceline::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A child process running the truceline binary with stdout/stderr sent to
// files and stdin from a pipe the test writes to.
class Child {
 public:
  Child(const std::vector<std::string>& args, const std::string& scratch) {
    out_path_ = scratch + "/stdout." + std::to_string(counter_);
    err_path_ = scratch + "/stderr." + std::to_string(counter_++);
    int in_pipe[2];
    if (::pipe(in_pipe) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(in_pipe[0], 0);
      ::close(in_pipe[0]);
      ::close(in_pipe[1]);
      int out = ::open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      int err = ::open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(out, 1);
      ::dup2(err, 2);
      std::vector<char*> argv;
      std::string binary = TRUCELINE_BINARY;
      argv.push_back(binary.data());
      std::vector<std::string> copy = args;
      for (auto& a : copy)
        argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(binary.c_str(), argv.data());
      ::_exit(127);
    }
    ::close(in_pipe[0]);
    stdin_fd_ = in_pipe[1];
  }
  ~Child() {
    CloseStdin();
    if (pid_ > 0 && exit_code_ < 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  bool Write(const std::string& data) {
    size_t done = 0;
    while (done < data.size()) {
      ssize_t n = ::write(stdin_fd_, data.data() + done, data.size() - done);
      if (n <= 0) return false;
      done += static_cast<size_t>(n);
    }
    return true;
  }
  void CloseStdin() {
    if (stdin_fd_ >= 0) ::close(stdin_fd_);
    stdin_fd_ = -1;
  }
  // Waits (up to `timeout`) until stderr contains `needle`.
  bool WaitForStderr(const std::string& needle, std::chrono::seconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (ReadWholeFile(err_path_).find(needle) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }
  void Kill() {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    exit_code_ = 128 + SIGKILL;
  }
  RunResult Wait() {
    CloseStdin();
    int status = 0;
    ::waitpid(pid_, &status, 0);
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return {exit_code_, ReadWholeFile(out_path_), ReadWholeFile(err_path_)};
  }
  std::string Stderr() const { return ReadWholeFile(err_path_); }

 private:
  static inline int counter_ = 0;
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int exit_code_ = -1;
  std::string out_path_, err_path_;
};

// Runs truceline to completion with `input` on stdin.
inline RunResult RunTruceline(const std::vector<std::string>& args, const std::string& scratch,
                              const std::string& input = "") {
  Child child(args, scratch);
  if (!input.empty()) child.Write(input);
  return child.Wait();
}

}  // namespace truceline::testing
