// Runs the consumer app's jar, as its users would, and checks that it learned its toy task.
def java = new File(System.getProperty('java.home'), 'bin/java').path
def jar = new File(basedir, 'target/tauon-consumer-app.jar')
assert jar.isFile() : 'the consumer build made no ' + jar

def process = new ProcessBuilder(java, '-jar', jar.path).redirectErrorStream(true).start()
def output = process.inputStream.text
def exit = process.waitFor()
new File(basedir, 'app.log').text = output
println output.trim()
assert exit == 0 : 'the consumer app exited with ' + exit + ':\n' + output

def line = output.readLines().find { it.startsWith('tauon-consumer: ') }
assert line != null : 'the consumer app printed no result line:\n' + output

def accuracy = (line =~ /accuracy ([0-9.]+)/)
assert accuracy.find() : 'no accuracy in: ' + line
assert accuracy.group(1).toDouble() >= 0.9 : 'the consumer app did not learn its toy task: ' + line

def loss = (line =~ /loss ([0-9.]+) -> ([0-9.]+)/)
assert loss.find() : 'no loss in: ' + line
assert loss.group(2).toDouble() < loss.group(1).toDouble() : 'training did not lower the loss: ' + line

// The Tauon artifacts came from the repository this build installed them into.
def repo = new File(localRepositoryPath, 'dev/tauon')
['tauon-bom', 'tauon-nn', 'tauon-data', 'tauon-core', 'tauon-parent'].each { artifact ->
    assert new File(repo, artifact).isDirectory() : artifact + ' was not installed into ' + localRepositoryPath
}
return true
